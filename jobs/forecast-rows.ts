/**
 * The one forecast write that db/queries/forecasts.ts does not have yet: recording, when the
 * job starts, the input it actually runs on (spec, seed, data source, snapshot). It belongs
 * in db/queries/forecasts.ts (owned elsewhere); it lives here, scoped by collective like
 * every query there, until it moves.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { forecasts } from "@/db/schema";

export async function recordForecastInput(
  db: Db,
  p: {
    collectiveId: string;
    forecastId: string;
    spec: Record<string, unknown>;
    seed: number;
    dataSource: "members" | "proxy";
    snapshot: Record<string, number>;
  },
): Promise<void> {
  await db
    .update(forecasts)
    .set({ spec: p.spec, seed: p.seed, dataSource: p.dataSource, snapshot: p.snapshot })
    .where(and(eq(forecasts.id, p.forecastId), eq(forecasts.collectiveId, p.collectiveId)));
}

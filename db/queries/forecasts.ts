import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../open";
import { forecasts } from "../schema";

type ForecastInsert = typeof forecasts.$inferInsert;
type ForecastStatus = (typeof forecasts.$inferSelect)["status"];
export type ForecastProgress = { done: number; total: number; etaSeconds: number | null };

export async function insertForecast(
  db: Db,
  p: ForecastInsert & { collectiveId: string; campaignId: string },
) {
  const [row] = await db.insert(forecasts).values(p).returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

/** A forecast by id alone: callers must check its collective before showing it. */
export async function findForecast(db: Db, p: { forecastId: string }) {
  const rows = await db.select().from(forecasts).where(eq(forecasts.id, p.forecastId)).limit(1);
  return rows[0] ?? null;
}

export async function listForecastRows(
  db: Db,
  p: { collectiveId: string; campaignId: string; limit?: number },
) {
  return db
    .select()
    .from(forecasts)
    .where(and(eq(forecasts.collectiveId, p.collectiveId), eq(forecasts.campaignId, p.campaignId)))
    .orderBy(desc(forecasts.createdAt), desc(forecasts.id))
    .limit(p.limit ?? 50);
}

/** The campaign's forecast still waiting or running, if any (one at a time per campaign). */
export async function findPendingForecast(db: Db, p: { collectiveId: string; campaignId: string }) {
  // Its id and status only: the spec, snapshot and result are large JSON, and a forecast
  // request asks this on every press of "Run forecast" (bench:load: ~1.2 ms of CPU each).
  const rows = await db
    .select({ id: forecasts.id, status: forecasts.status })
    .from(forecasts)
    .where(
      and(
        eq(forecasts.collectiveId, p.collectiveId),
        eq(forecasts.campaignId, p.campaignId),
        inArray(forecasts.status, ["queued", "running"]),
      ),
    )
    .orderBy(desc(forecasts.createdAt))
    .limit(1);
  return rows[0] ?? null;
}

/** Every forecast not finished yet, across collectives: the queue's reconciliation at start. */
export async function listUnfinishedForecasts(db: Db) {
  return db
    .select({
      id: forecasts.id,
      collectiveId: forecasts.collectiveId,
      status: forecasts.status,
      attempts: forecasts.attempts,
      createdAt: forecasts.createdAt,
    })
    .from(forecasts)
    .where(inArray(forecasts.status, ["queued", "running"]));
}

export async function markForecastRunning(
  db: Db,
  p: { collectiveId: string; forecastId: string; progress: ForecastProgress },
) {
  const [row] = await db
    .update(forecasts)
    .set({
      status: "running",
      startedAt: sql`now()`,
      attempts: sql`${forecasts.attempts} + 1`,
      progress: p.progress,
      error: null,
    })
    .where(and(eq(forecasts.id, p.forecastId), eq(forecasts.collectiveId, p.collectiveId)))
    .returning({ attempts: forecasts.attempts });
  return row ?? null;
}

export async function updateForecastProgress(
  db: Db,
  p: { collectiveId: string; forecastId: string; progress: ForecastProgress },
) {
  await db
    .update(forecasts)
    .set({ progress: p.progress })
    .where(
      and(
        eq(forecasts.id, p.forecastId),
        eq(forecasts.collectiveId, p.collectiveId),
        eq(forecasts.status, "running"),
      ),
    );
}

export async function finishForecast(
  db: Db,
  p: {
    collectiveId: string;
    forecastId: string;
    status: Extract<ForecastStatus, "done" | "failed" | "cancelled">;
    result?: unknown;
    error?: string | null;
  },
) {
  await db
    .update(forecasts)
    .set({
      status: p.status,
      finishedAt: sql`now()`,
      ...(p.result !== undefined ? { result: p.result } : {}),
      error: p.error ?? null,
    })
    .where(and(eq(forecasts.id, p.forecastId), eq(forecasts.collectiveId, p.collectiveId)));
}

/** Back to the queue after an interruption; the error says why it runs again. */
export async function requeueForecast(
  db: Db,
  p: { collectiveId: string; forecastId: string; error: string },
) {
  await db
    .update(forecasts)
    .set({ status: "queued", error: p.error })
    .where(and(eq(forecasts.id, p.forecastId), eq(forecasts.collectiveId, p.collectiveId)));
}

/** Records, when the job starts, the input it actually runs on (spec, seed, data source, snapshot). */
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

import "server-only";
import { z } from "zod";
import type { Db } from "@/db";
import { findForecast, findPendingForecast, listForecastRows } from "@/db/queries/forecasts";
import { createForecast, scheduleAutoForecast as scheduleInJobs } from "@/jobs/forecast-pipeline";
import { fail, notFound, ok, type Result } from "@/lib/errors";
import { minimumCountRule } from "@/lib/privacy";
import { uuidSchema } from "@/lib/validation/collectives";
import { parseInput } from "@/lib/validation/parse";
import type { Actor } from "./accounts";
import { loadCampaign } from "./campaign-access";
import {
  toForecastDto,
  toForecastSummary,
  type ForecastDto,
  type ForecastSummaryDto,
} from "./forecast-dto";

// Forecast use-cases: who may ask and who may see. Creating, running, scheduling and
// reconciling forecasts is the pipeline's (jobs/forecast-pipeline.ts).

export type {
  ForecastDto,
  ForecastSummaryDto,
  ForecastProgressDto,
  MembersNeeded,
  ForecastSnapshotDto,
} from "./forecast-dto";
export type { ForecastResult } from "@/jobs/forecast-job";
export type { StressPoint, StressTest } from "@/ml/simulate/stress";

/** Optional body of a forecast request: a quicker (or finer) sweep than the default. */
const requestForecastSchema = z.object({
  seeds: z.number().int().min(1).max(20).optional(),
  alphas: z.array(z.number().min(0).max(1)).min(1).max(12).optional(),
});

/**
 * Organizers ask for a forecast of a campaign: the row is stored with its spec and seed,
 * then queued; its job runs on the collective as it is then. A forecast already waiting or
 * running is returned instead of starting a second one.
 */
export async function requestForecast(
  db: Db,
  actor: Actor,
  campaignId: string,
  opts: { trigger?: "manual" | "auto"; input?: unknown } = {},
): Promise<Result<{ id: string; isExisting: boolean }>> {
  const loaded = await loadCampaign(db, actor, campaignId, "campaigns:manage");
  if (!loaded.ok) return loaded;
  const parsed = parseInput(requestForecastSchema, opts.input ?? {});
  if (!parsed.ok) return parsed;
  const { campaign } = loaded.value;
  const pending = await findPendingForecast(db, {
    collectiveId: campaign.collectiveId,
    campaignId: campaign.id,
  });
  if (pending) return ok({ id: pending.id, isExisting: true });
  const created = await createForecast(db, campaign, {
    trigger: opts.trigger ?? "manual",
    requestedBy: actor.userId,
    rule: minimumCountRule,
    ...parsed.value,
  });
  if (!created.ok) return fail("validation", created.message);
  return ok({ id: created.row.id, isExisting: false });
}

/** One forecast, for any member of the campaign's collective (404 for everyone else). */
export async function getForecast(
  db: Db,
  actor: Actor,
  forecastId: string,
): Promise<Result<ForecastDto>> {
  if (!uuidSchema.safeParse(forecastId).success) return notFound("Forecast not found");
  const row = await findForecast(db, { forecastId });
  if (!row) return notFound("Forecast not found");
  // Through loadCampaign, so a draft's forecasts are 404 for those who may not see the draft.
  const loaded = await loadCampaign(db, actor, row.campaignId);
  if (!loaded.ok) return loaded.code === "not_found" ? notFound("Forecast not found") : loaded;
  const { campaign } = loaded.value;
  if (campaign.collectiveId !== row.collectiveId) return notFound("Forecast not found");
  return ok(toForecastDto(row, campaign));
}

/** A campaign's forecasts, newest first, without their results (fetch one for that). */
export async function listForecasts(
  db: Db,
  actor: Actor,
  campaignId: string,
): Promise<Result<ForecastSummaryDto[]>> {
  const loaded = await loadCampaign(db, actor, campaignId, "campaigns:participate");
  if (!loaded.ok) return loaded;
  const { campaign } = loaded.value;
  const rows = await listForecastRows(db, {
    collectiveId: campaign.collectiveId,
    campaignId: campaign.id,
  });
  return ok(rows.map((r) => toForecastSummary(r, campaign)));
}

export interface LatestForecasts {
  /** The newest forecast, whatever its status (its progress while it runs). */
  latest: ForecastDto | null;
  /** The newest finished one, shown while a newer one runs. */
  lastDone: ForecastDto | null;
}

/** What the campaign dashboard shows: the newest forecast and the newest finished one. */
export async function latestForecast(
  db: Db,
  actor: Actor,
  campaignId: string,
): Promise<Result<LatestForecasts>> {
  const loaded = await loadCampaign(db, actor, campaignId, "campaigns:participate");
  if (!loaded.ok) return loaded;
  const { campaign } = loaded.value;
  const rows = await listForecastRows(db, {
    collectiveId: campaign.collectiveId,
    campaignId: campaign.id,
    limit: 20,
  });
  const latest = rows[0];
  const done = rows.find((r) => r.status === "done");
  return ok({
    latest: latest ? toForecastDto(latest, campaign) : null,
    lastDone: done ? toForecastDto(done, campaign) : null,
  });
}

/**
 * Asks for an automatic forecast after confirmations change (call after a member confirms
 * or withdraws). Debounced in the queue: a burst of confirmations costs one sweep. Never
 * throws: a missed forecast must not fail the member's confirmation.
 */
export async function scheduleAutoForecast(
  db: Db,
  campaignId: string,
  delaySeconds?: number,
): Promise<void> {
  await scheduleInJobs(db, campaignId, delaySeconds);
}

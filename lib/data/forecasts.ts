import "server-only";
import { z } from "zod";
import type { Db, OpenDatabase } from "@/db";
import { findCampaign } from "@/db/queries/campaigns";
import {
  findForecast,
  findPendingForecast,
  finishForecast,
  insertForecast,
  listForecastRows,
  listUnfinishedForecasts,
  requeueForecast,
} from "@/db/queries/forecasts";
import type { CampaignRow, ForecastRow } from "@/db/schema";
import { runForecastJob } from "@/jobs/forecast-job";
import { currentQueue, FORECAST_RETRY_LIMIT, jobWorkersMode, setCurrentQueue, startQueue, type JobQueue, type JobWorkersMode } from "@/jobs/queue";
import { fail, notFound, ok, type Result } from "@/lib/errors";
import { isShown } from "@/lib/privacy";
import { uuidSchema } from "@/lib/validation/collectives";
import { parseInput } from "@/lib/validation/parse";
import { fnv1a, formatSpecIssues, simulationSpecSchema } from "@/ml";
import type { Actor } from "./accounts";
import { loadCampaign } from "./campaign-access";
import { alphaGrid, buildForecastInput } from "./campaign-simulation";
import { toForecastDto, toForecastSummary, type ForecastDto, type ForecastSummaryDto } from "./forecast-dto";

export type { ForecastDto, ForecastSummaryDto, ForecastProgressDto, MembersNeeded, ForecastSnapshotDto } from "./forecast-dto";
export type { ForecastResult } from "@/jobs/forecast-job";
export type { StressPoint } from "@/jobs/stress";
export type { StressTest } from "@/jobs/stress";

/** Optional body of a forecast request: a quicker (or finer) sweep than the default. */
export const requestForecastSchema = z.object({
  seeds: z.number().int().min(1).max(20).optional(),
  alphas: z.array(z.number().min(0).max(1)).min(1).max(12).optional(),
});

/**
 * One seed per campaign, so successive forecasts differ only by the collective's state
 * (members, noise), not by the luck of the draw; it is stored to re-run any forecast.
 */
function seedFor(campaignId: string): number {
  return fnv1a(campaignId) % 2 ** 31;
}

async function createForecast(
  db: Db,
  campaign: CampaignRow,
  p: { trigger: "manual" | "auto"; requestedBy: string | null; seeds?: number; alphas?: number[] },
): Promise<Result<ForecastRow>> {
  const input = await buildForecastInput(db, campaign, { seed: seedFor(campaign.id), ...(p.seeds ? { seeds: p.seeds } : {}) });
  // The noise the sweep simulates follows the minimum-count rule: the snapshot's rate is 0
  // unless at least 5 tried to confirm (perfect execution is assumed, and the forecast says so).
  const { attempted, misexecution } = input.snapshot;
  const noiseRate = misexecution > 0 ? misexecution : null;
  const { noise: _measured, ...base } = input.spec;
  // A grid point at "now" would reveal an active count under the minimum; leave it out then.
  const alphas = p.alphas ?? (isShown(input.snapshot.active) ? input.spec.alphas : alphaGrid(0));
  const parsed = simulationSpecSchema.safeParse({
    ...base,
    alphas,
    ...(noiseRate !== null ? { noise: { p: Math.min(noiseRate, 0.9), mode: "wrong-label" as const } } : {}),
  });
  if (!parsed.success) return fail("validation", `The campaign cannot be simulated: ${formatSpecIssues(parsed.error).join("; ")}`);
  const { records, active, population, alpha } = input.snapshot;
  const row = await insertForecast(db, {
    collectiveId: campaign.collectiveId,
    campaignId: campaign.id,
    trigger: p.trigger,
    spec: parsed.data,
    seed: parsed.data.seed,
    dataSource: input.dataSource,
    // `attempted` is the group the rate is over: the DTO and the job gate the rate on it.
    snapshot: { records, active, population, alpha, attempted, misexecution },
    progress: { done: 0, total: parsed.data.alphas.length * parsed.data.seeds, etaSeconds: null },
    requestedBy: p.requestedBy,
  });
  return ok(row);
}

async function enqueue(row: ForecastRow): Promise<void> {
  const queue = currentQueue();
  // Without a queue in this process the row stays "queued"; the workers' reconciliation
  // sends its job when they start, so nothing is lost.
  if (queue) await queue.sendForecast({ forecastId: row.id, collectiveId: row.collectiveId });
  else console.warn(`[jobs] no queue in this process; forecast ${row.id} waits for a worker`);
}

/**
 * Organizers ask for a forecast of a campaign: the row is stored with its spec, seed and the
 * collective's snapshot, then queued. A forecast already waiting or running is returned
 * instead of starting a second one.
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
  const pending = await findPendingForecast(db, { collectiveId: campaign.collectiveId, campaignId: campaign.id });
  if (pending) return ok({ id: pending.id, isExisting: true });
  const created = await createForecast(db, campaign, { trigger: opts.trigger ?? "manual", requestedBy: actor.userId, ...parsed.value });
  if (!created.ok) return created;
  await enqueue(created.value);
  return ok({ id: created.value.id, isExisting: false });
}

/** One forecast, for any member of the campaign's collective (404 for everyone else). */
export async function getForecast(db: Db, actor: Actor, forecastId: string): Promise<Result<ForecastDto>> {
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
export async function listForecasts(db: Db, actor: Actor, campaignId: string): Promise<Result<ForecastSummaryDto[]>> {
  const loaded = await loadCampaign(db, actor, campaignId, "campaigns:participate");
  if (!loaded.ok) return loaded;
  const { campaign } = loaded.value;
  const rows = await listForecastRows(db, { collectiveId: campaign.collectiveId, campaignId: campaign.id });
  return ok(rows.map((r) => toForecastSummary(r, campaign)));
}

export interface LatestForecasts {
  /** The newest forecast, whatever its status (its progress while it runs). */
  latest: ForecastDto | null;
  /** The newest finished one, shown while a newer one runs. */
  lastDone: ForecastDto | null;
}

/** What the campaign dashboard shows: the newest forecast and the newest finished one. */
export async function latestForecast(db: Db, actor: Actor, campaignId: string): Promise<Result<LatestForecasts>> {
  const loaded = await loadCampaign(db, actor, campaignId, "campaigns:participate");
  if (!loaded.ok) return loaded;
  const { campaign } = loaded.value;
  const rows = await listForecastRows(db, { collectiveId: campaign.collectiveId, campaignId: campaign.id, limit: 20 });
  const latest = rows[0];
  const done = rows.find((r) => r.status === "done");
  return ok({ latest: latest ? toForecastDto(latest, campaign) : null, lastDone: done ? toForecastDto(done, campaign) : null });
}

/**
 * Asks for an automatic forecast after confirmations change (call after a member confirms
 * or withdraws). Debounced: one waits per campaign and starts after a quiet period
 * (AUTO_FORECAST_DELAY_SECONDS), so a burst of confirmations costs one sweep. Never
 * throws: a missed forecast must not fail the member's confirmation.
 */
export async function scheduleAutoForecast(db: Db, campaignId: string, delaySeconds?: number): Promise<void> {
  try {
    const campaign = await findCampaign(db, { campaignId });
    if (!campaign || campaign.status !== "launched") return;
    await currentQueue()?.sendAutoForecast({ campaignId }, delaySeconds);
  } catch (err) {
    console.error(`[jobs] could not schedule a forecast for campaign ${campaignId}:`, err);
  }
}

async function runAutoForecast(db: Db, campaignId: string): Promise<void> {
  const campaign = await findCampaign(db, { campaignId });
  if (!campaign || campaign.status !== "launched") return;
  if (await findPendingForecast(db, { collectiveId: campaign.collectiveId, campaignId })) return;
  const created = await createForecast(db, campaign, { trigger: "auto", requestedBy: null });
  if (created.ok) await enqueue(created.value);
  else console.warn(`[jobs] automatic forecast for ${campaignId} skipped: ${created.message}`);
}

/** Unfinished forecasts younger than this may still be between insert and send. */
const RECONCILE_GRACE_MS = 60_000;

async function reconcile(db: Db, queue: JobQueue): Promise<void> {
  const live = await queue.liveForecastIds();
  const now = Date.now();
  for (const f of await listUnfinishedForecasts(db)) {
    if (live.has(f.id) || now - f.createdAt.getTime() < RECONCILE_GRACE_MS) continue;
    const ids = { collectiveId: f.collectiveId, forecastId: f.id };
    if (f.attempts > FORECAST_RETRY_LIMIT) {
      await finishForecast(db, { ...ids, status: "failed", error: "The forecast was interrupted too many times" });
      continue;
    }
    await requeueForecast(db, { ...ids, error: "Its job was lost (server restart); it runs again." });
    await queue.sendForecast(ids);
  }
}

export interface ForecastQueueOptions {
  /** Work jobs here (PGlite: always; PostgreSQL: unless CONCERT_JOB_WORKERS=external). */
  work: boolean;
  url?: string;
  recoverActive?: boolean;
  pollingIntervalSeconds?: number;
  /** Worker threads per sweep (default: all cores). */
  workers?: number;
  progressIntervalMs?: number;
  reconcileEveryMs?: number;
}

/**
 * Starts the job queue on an open database and makes it this process's queue: the web
 * server calls it at start (lib/server-lifecycle.ts), `npm run worker` in its own process.
 */
export async function startForecastQueue(open: OpenDatabase, opts: ForecastQueueOptions): Promise<JobQueue> {
  const db = open.db;
  const deps = {
    db,
    loadTable: async (campaign: CampaignRow) => (await buildForecastInput(db, campaign)).table,
    isGroupShown: isShown,
    ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
    ...(opts.progressIntervalMs !== undefined ? { progressIntervalMs: opts.progressIntervalMs } : {}),
  };
  const queue = await startQueue(open, {
    work: opts.work,
    ...(opts.url ? { url: opts.url } : {}),
    ...(opts.recoverActive !== undefined ? { recoverActive: opts.recoverActive } : {}),
    ...(opts.pollingIntervalSeconds !== undefined ? { pollingIntervalSeconds: opts.pollingIntervalSeconds } : {}),
    ...(opts.reconcileEveryMs !== undefined ? { reconcileEveryMs: opts.reconcileEveryMs } : {}),
    handlers: {
      runForecast: (data, ctx) => runForecastJob(deps, data, ctx),
      autoForecast: (data) => runAutoForecast(db, data.campaignId),
      reconcile: (q) => reconcile(db, q),
    },
  });
  setCurrentQueue(queue);
  return queue;
}

/**
 * The web server's queue: with PGlite it always works jobs (no other process may open the
 * database) and retries jobs a killed server left running; with PostgreSQL it works them
 * unless CONCERT_JOB_WORKERS=external, where `npm run worker` processes do.
 */
export async function startServerForecastQueue(open: OpenDatabase): Promise<JobWorkersMode> {
  const mode = jobWorkersMode(open.kind);
  const url = open.kind === "postgres" ? process.env.DATABASE_URL || undefined : undefined;
  await startForecastQueue(open, { work: mode === "inline", ...(url ? { url } : {}), recoverActive: open.kind === "pglite" });
  return mode;
}

/** Stops this process's queue (running forecasts go back to the queue). Safe to call twice. */
export async function stopForecastQueue(opts: { abrupt?: boolean } = {}): Promise<void> {
  const queue = currentQueue();
  setCurrentQueue(undefined);
  if (queue) await queue.stop(opts);
}

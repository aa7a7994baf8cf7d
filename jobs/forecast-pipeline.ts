/**
 * The forecast pipeline, end to end: create a forecast (the row, then its job), run it
 * (forecast-job.ts), schedule automatic (debounced) forecasts, requeue lost jobs, and start
 * and stop this process's queue. lib/data/forecasts.ts checks who may ask; everything after
 * that happens here. Imports db/ and ml/ only, so `npm run worker` needs nothing of Next.
 */
import type { Db, OpenDatabase } from "@/db";
import { findCampaign } from "@/db/queries/campaigns";
import {
  findPendingForecast,
  finishForecast,
  insertForecast,
  listUnfinishedForecasts,
  requeueForecast,
} from "@/db/queries/forecasts";
import type { CampaignRow, ForecastRow } from "@/db/schema";
import { fnv1a } from "@/core/random";
import { campaignSnapshot, WITHHOLD_ALL, type MinimumCountRule } from "./forecast-input";
import { forecastKindFor, runForecastJob } from "./forecast-job";
import { runSessionResultsJob, sessionRuleFrom } from "./session-results";
import {
  currentQueue,
  FORECAST_RETRY_LIMIT,
  jobWorkersMode,
  setCurrentQueue,
  startQueue,
  type JobQueue,
  type JobWorkersMode,
} from "./queue";

/**
 * One seed per campaign, so successive forecasts differ only by the collective's state
 * (members, noise), not by the luck of the draw; it is stored to re-run any forecast.
 */
function forecastSeed(campaignId: string): number {
  return fnv1a(campaignId) % 2 ** 31;
}

type CreateForecastResult = { ok: true; row: ForecastRow } | { ok: false; message: string };

/**
 * Stores a forecast and sends its job. The row holds the spec parsed from the campaign's
 * design and the counts at request time (what the dashboard shows while it waits); the job
 * replaces both with the input it actually runs on.
 */
export async function createForecast(
  db: Db,
  campaign: CampaignRow,
  p: {
    trigger: "manual" | "auto";
    requestedBy: string | null;
    seeds?: number;
    alphas?: number[];
    rule?: MinimumCountRule;
  },
): Promise<CreateForecastResult> {
  const rule = p.rule ?? WITHHOLD_ALL;
  const snapshot = await campaignSnapshot(db, campaign, rule);
  const design = forecastKindFor(campaign).design(
    campaign,
    {
      seed: forecastSeed(campaign.id),
      ...(p.seeds ? { seeds: p.seeds } : {}),
      ...(p.alphas ? { alphas: p.alphas } : {}),
    },
    snapshot,
    rule,
  );
  if (!design.ok) return design;
  const row = await insertForecast(db, {
    collectiveId: campaign.collectiveId,
    campaignId: campaign.id,
    trigger: p.trigger,
    spec: design.spec,
    seed: design.seed,
    dataSource: design.dataSource,
    // `attempted` is the group the rate is over: the DTO and the job gate the rate on it.
    snapshot,
    progress: { done: 0, total: design.total, etaSeconds: null },
    requestedBy: p.requestedBy,
  });
  await enqueueForecast(row);
  return { ok: true, row };
}

async function enqueueForecast(row: ForecastRow): Promise<void> {
  const queue = currentQueue();
  // Without a queue in this process the row stays "queued"; the workers' reconciliation
  // sends its job when they start, so nothing is lost.
  if (queue) await queue.sendForecast({ forecastId: row.id, collectiveId: row.collectiveId });
  else console.warn(`[jobs] no queue in this process; forecast ${row.id} waits for a worker`);
}

/**
 * Asks for an automatic forecast after confirmations change. Debounced: one waits per
 * campaign and starts after a quiet period (the queue's `autoForecastDelaySeconds`), so a
 * burst of confirmations costs one sweep. Never throws: a missed forecast must not fail the
 * member's confirmation.
 */
export async function scheduleAutoForecast(
  db: Db,
  campaignId: string,
  delaySeconds?: number,
): Promise<void> {
  try {
    const campaign = await findCampaign(db, { campaignId });
    if (!campaign || campaign.status !== "launched") return;
    await currentQueue()?.sendAutoForecast({ campaignId }, delaySeconds);
  } catch (err) {
    console.error(`[jobs] could not schedule a forecast for campaign ${campaignId}:`, err);
  }
}

async function runAutoForecast(
  db: Db,
  queue: JobQueue,
  campaignId: string,
  rule: MinimumCountRule,
): Promise<void> {
  const campaign = await findCampaign(db, { campaignId });
  if (!campaign || campaign.status !== "launched") return;
  const pending = await findPendingForecast(db, {
    collectiveId: campaign.collectiveId,
    campaignId,
  });
  // A queued forecast reads the collective when its job starts, so it covers this change. A
  // running one read it already: wait for it, then forecast again.
  if (pending?.status === "running") await queue.sendAutoForecast({ campaignId });
  if (pending) return;
  const created = await createForecast(db, campaign, { trigger: "auto", requestedBy: null, rule });
  if (!created.ok)
    console.warn(`[jobs] automatic forecast for ${campaignId} skipped: ${created.message}`);
}

/** Unfinished forecasts younger than this may still be between insert and send. */
const RECONCILE_GRACE_MS = 60_000;

/**
 * Sends a job for every unfinished forecast that has none (a job lost with a killed
 * server's PGlite, a send that failed after the insert), and fails those interrupted too
 * often. Runs when a working queue starts, then every few minutes.
 */
export async function reconcileForecasts(db: Db, queue: JobQueue, now = Date.now()): Promise<void> {
  const live = await queue.liveForecastIds();
  for (const f of await listUnfinishedForecasts(db)) {
    if (live.has(f.id) || now - f.createdAt.getTime() < RECONCILE_GRACE_MS) continue;
    const ids = { collectiveId: f.collectiveId, forecastId: f.id };
    if (f.attempts > FORECAST_RETRY_LIMIT) {
      await finishForecast(db, {
        ...ids,
        status: "failed",
        error: "The forecast was interrupted too many times",
      });
      continue;
    }
    await requeueForecast(db, {
      ...ids,
      error: "Its job was lost (server restart); it runs again.",
    });
    await queue.sendForecast(ids);
  }
}

interface ForecastQueueOptions {
  /** Work jobs here (PGlite: always; PostgreSQL: unless CONCERT_JOB_WORKERS=external). */
  work: boolean;
  /** The minimum-count rule (lib/privacy.ts `minimumCountRule`); without it nothing measured is used. */
  rule?: MinimumCountRule;
  url?: string;
  recoverActive?: boolean;
  pollingIntervalSeconds?: number;
  /** Worker threads per sweep (default: all cores). */
  workers?: number;
  progressIntervalMs?: number;
  reconcileEveryMs?: number;
  /** Quiet period before an automatic forecast starts (default AUTO_FORECAST_DELAY_SECONDS). */
  autoForecastDelaySeconds?: number;
}

/**
 * Starts the job queue on an open database and makes it this process's queue: the web
 * server at start (startServerForecastQueue), `npm run worker` in its own process.
 */
export async function startForecastQueue(
  open: OpenDatabase,
  opts: ForecastQueueOptions,
): Promise<JobQueue> {
  const db = open.db;
  const rule = opts.rule ?? WITHHOLD_ALL;
  const deps = {
    db,
    rule,
    ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
    ...(opts.progressIntervalMs !== undefined
      ? { progressIntervalMs: opts.progressIntervalMs }
      : {}),
  };
  const queue = await startQueue(open, {
    work: opts.work,
    ...(opts.url ? { url: opts.url } : {}),
    ...(opts.recoverActive !== undefined ? { recoverActive: opts.recoverActive } : {}),
    ...(opts.pollingIntervalSeconds !== undefined
      ? { pollingIntervalSeconds: opts.pollingIntervalSeconds }
      : {}),
    ...(opts.reconcileEveryMs !== undefined ? { reconcileEveryMs: opts.reconcileEveryMs } : {}),
    ...(opts.autoForecastDelaySeconds !== undefined
      ? { autoForecastDelaySeconds: opts.autoForecastDelaySeconds }
      : {}),
    handlers: {
      runForecast: (data, ctx) => runForecastJob(deps, data, ctx),
      autoForecast: (data, q) => runAutoForecast(db, q, data.campaignId, rule),
      reconcile: (q) => reconcileForecasts(db, q),
      sessionResults: async (data) =>
        void (await runSessionResultsJob(db, data.sessionId, sessionRuleFrom(rule))),
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
export async function startServerForecastQueue(
  open: OpenDatabase,
  rule: MinimumCountRule,
): Promise<JobWorkersMode> {
  const mode = jobWorkersMode(open.kind);
  const url = open.kind === "postgres" ? process.env.DATABASE_URL || undefined : undefined;
  await startForecastQueue(open, {
    work: mode === "inline",
    rule,
    ...(url ? { url } : {}),
    recoverActive: open.kind === "pglite",
  });
  return mode;
}

/** Stops this process's queue (running forecasts go back to the queue). Safe to call twice. */
export async function stopForecastQueue(opts: { abrupt?: boolean } = {}): Promise<void> {
  const queue = currentQueue();
  setCurrentQueue(undefined);
  if (queue) await queue.stop(opts);
}

/**
 * The background job queue: pg-boss on the app's own database.
 *
 * - Embedded PGlite: one process owns the database, so the web server works the queue
 *   itself (training runs on worker threads, the event loop stays free). pg-boss talks to
 *   PGlite through `OpenDatabase.executeSql`.
 * - PostgreSQL (`DATABASE_URL`): pg-boss opens its own small pool on the connection string,
 *   and `npm run worker` processes (scripts/worker.ts) can work the queue on other machines.
 *
 * What the handlers do is the forecast pipeline (forecast-pipeline.ts); this file only moves jobs.
 *
 * `CONCERT_JOB_WORKERS` says whether a web server works jobs: `inline` (default) or
 * `external` (it only sends jobs; run `npm run worker`). With PGlite it is always inline,
 * since no other process may open the database.
 */
import PgBoss from "pg-boss";
import type { OpenDatabase } from "@/db";
import {
  createSessionResultsQueue,
  sendSessionResults,
  workSessionResults,
  type SessionResultsJobData,
} from "./session-results-queue";

const FORECAST_QUEUE = "forecast";
/** Debounce queue: one pending automatic forecast per campaign, started after a quiet period. */
export const AUTO_FORECAST_QUEUE = "forecast-auto";

/** A forecast that takes longer than this is presumed dead (its worker vanished) and retried. */
const FORECAST_EXPIRE_SECONDS = 20 * 60;
export const FORECAST_RETRY_LIMIT = 3;
const AUTO_FORECAST_DELAY_SECONDS = 30;

export type JobWorkersMode = "inline" | "external";

export interface ForecastJobData {
  forecastId: string;
  collectiveId: string;
}

interface AutoForecastJobData {
  campaignId: string;
}

export interface ForecastJobContext {
  /** Aborted when the queue stops; `signal.reason` is "shutdown" or "crash" (tests). */
  signal: AbortSignal;
  /** No retry follows if this attempt fails. */
  isLastAttempt: boolean;
}

interface QueueHandlers {
  runForecast(data: ForecastJobData, ctx: ForecastJobContext): Promise<void>;
  /** Creates the automatic forecast a debounced change asked for (may send another auto job). */
  autoForecast(data: AutoForecastJobData, queue: JobQueue): Promise<void>;
  /** Sends a job for every unfinished forecast that has none (lost jobs, failed sends). */
  reconcile(queue: JobQueue): Promise<void>;
  /** Publishes a session's due release or final results (session-results.ts). */
  sessionResults?(data: SessionResultsJobData): Promise<void>;
}

interface StartQueueOptions {
  /** Work jobs in this process (otherwise only send them). */
  work: boolean;
  handlers?: QueueHandlers;
  /** PostgreSQL connection string for pg-boss's own pool; absent: use `open.executeSql`. */
  url?: string;
  pollingIntervalSeconds?: number;
  /**
   * Treat jobs left `active` as orphans of a dead process and retry them now. True for
   * PGlite (one process owns the database); with PostgreSQL other workers may be alive,
   * so orphans wait for pg-boss's expiry instead.
   */
  recoverActive?: boolean;
  /** Re-check unfinished forecasts this often (ms); 0 disables. */
  reconcileEveryMs?: number;
  /** Quiet period before an automatic forecast starts (default AUTO_FORECAST_DELAY_SECONDS). */
  autoForecastDelaySeconds?: number;
}

export interface JobQueue {
  sendForecast(data: ForecastJobData): Promise<string | null>;
  sendAutoForecast(data: AutoForecastJobData, delaySeconds?: number): Promise<string | null>;
  /** Forecast ids with a job waiting, retrying or running. */
  liveForecastIds(): Promise<Set<string>>;
  /** Debounced: one results job waits per session. */
  sendSessionResults(data: SessionResultsJobData, delaySeconds?: number): Promise<string | null>;
  /**
   * Graceful (default): running forecasts are aborted and go back to the queue for a
   * retry. `abrupt` simulates a killed process: jobs stay `active` and nothing is written.
   */
  stop(opts?: { abrupt?: boolean }): Promise<void>;
}

/** How this web server treats the queue, from CONCERT_JOB_WORKERS (default inline). */
export function jobWorkersMode(kind: OpenDatabase["kind"]): JobWorkersMode {
  if (kind === "pglite") return "inline";
  return process.env.CONCERT_JOB_WORKERS === "external" ? "external" : "inline";
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

function forecastData(v: unknown): ForecastJobData | null {
  if (!isRecord(v) || typeof v.forecastId !== "string" || typeof v.collectiveId !== "string")
    return null;
  return { forecastId: v.forecastId, collectiveId: v.collectiveId };
}

/** Starts pg-boss (creating its schema on first use) and, if asked, works the queues. */
export async function startQueue(open: OpenDatabase, opts: StartQueueOptions): Promise<JobQueue> {
  const boss = opts.url
    ? new PgBoss({ connectionString: opts.url, max: 3 })
    : new PgBoss({ db: { executeSql: (text, values) => open.executeSql(text, values) } });
  boss.on("error", (err) => console.error("[jobs] queue error:", err));
  await boss.start();
  await boss.createQueue(FORECAST_QUEUE, {
    name: FORECAST_QUEUE,
    // One waiting and one running job per forecast id (singletonKey): a duplicate send is a no-op.
    policy: "stately",
    retryLimit: FORECAST_RETRY_LIMIT,
    retryDelay: 2,
    expireInSeconds: FORECAST_EXPIRE_SECONDS,
  });
  await boss.createQueue(AUTO_FORECAST_QUEUE, {
    name: AUTO_FORECAST_QUEUE,
    policy: "stately",
    retryLimit: 2,
    retryDelay: 5,
  });

  await createSessionResultsQueue(boss);

  const controllers = new Set<AbortController>();
  let timer: NodeJS.Timeout | undefined;

  const queue: JobQueue = {
    sendForecast: (data) => boss.send(FORECAST_QUEUE, data, { singletonKey: data.forecastId }),
    sendAutoForecast: (
      data,
      delaySeconds = opts.autoForecastDelaySeconds ?? AUTO_FORECAST_DELAY_SECONDS,
    ) =>
      // Stately + startAfter: while one automatic forecast waits, more changes add nothing,
      // so a burst of confirmations yields one forecast after a quiet period.
      boss.send(AUTO_FORECAST_QUEUE, data, {
        singletonKey: data.campaignId,
        startAfter: delaySeconds,
      }),
    sendSessionResults: (data, delaySeconds) => sendSessionResults(boss, data, delaySeconds),
    liveForecastIds: async () => {
      const res = await open.executeSql(
        "select data->>'forecastId' as id from pgboss.job where name = $1 and state in ('created', 'retry', 'active')",
        [FORECAST_QUEUE],
      );
      return new Set(
        res.rows.flatMap((r) => (isRecord(r) && typeof r.id === "string" ? [r.id] : [])),
      );
    },
    stop: async ({ abrupt = false } = {}) => {
      if (timer) clearInterval(timer);
      for (const c of controllers) c.abort(abrupt ? "crash" : "shutdown");
      await boss.stop(
        abrupt ? { graceful: false, wait: false } : { graceful: true, wait: true, timeout: 8000 },
      );
    },
  };

  if (opts.work && opts.handlers) {
    const handlers = opts.handlers;
    if (opts.recoverActive) {
      const orphans = await open.executeSql(
        "select id from pgboss.job where name = $1 and state = 'active'",
        [FORECAST_QUEUE],
      );
      const ids = orphans.rows.flatMap((r) =>
        isRecord(r) && typeof r.id === "string" ? [r.id] : [],
      );
      // fail() moves them to `retry` while retries remain, so a restart costs one attempt.
      if (ids.length > 0) await boss.fail(FORECAST_QUEUE, ids);
    }
    const polling = { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2 };
    await boss.work<ForecastJobData>(
      FORECAST_QUEUE,
      { ...polling, includeMetadata: true },
      async (jobs) => {
        for (const job of jobs) {
          const data = forecastData(job.data);
          if (!data) continue;
          const controller = new AbortController();
          controllers.add(controller);
          try {
            await handlers.runForecast(data, {
              signal: controller.signal,
              isLastAttempt: job.retryCount >= job.retryLimit,
            });
          } finally {
            controllers.delete(controller);
          }
        }
      },
    );
    await boss.work<AutoForecastJobData>(AUTO_FORECAST_QUEUE, polling, async (jobs) => {
      for (const job of jobs) {
        if (isRecord(job.data) && typeof job.data.campaignId === "string")
          await handlers.autoForecast({ campaignId: job.data.campaignId }, queue);
      }
    });
    const sessionResults = handlers.sessionResults?.bind(handlers);
    if (sessionResults)
      await workSessionResults(boss, polling.pollingIntervalSeconds, sessionResults);
    await handlers.reconcile(queue);
    const every = opts.reconcileEveryMs ?? 5 * 60_000;
    if (every > 0) {
      timer = setInterval(
        () =>
          void handlers
            .reconcile(queue)
            .catch((err: unknown) => console.error("[jobs] reconcile failed:", err)),
        every,
      );
      timer.unref();
    }
  }
  return queue;
}

interface QueueHolder {
  queue?: JobQueue;
}

// On globalThis so `next dev` reloads and the route bundles share the one queue.
const holder: QueueHolder = ((globalThis as { __concertQueue?: QueueHolder }).__concertQueue ??=
  {});

/** The queue this process started, if any (sending works from any process that started one). */
export function currentQueue(): JobQueue | undefined {
  return holder.queue;
}

export function setCurrentQueue(queue: JobQueue | undefined): void {
  holder.queue = queue;
}

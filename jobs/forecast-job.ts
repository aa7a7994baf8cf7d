/**
 * The shadow-model forecast job, for every platform kind: reads the forecast and its campaign,
 * lets the campaign's kind build the input from one consistent read of the campaign at job
 * time and store it with the forecast (so the stored spec is the one that ran), runs it while
 * writing progress (runs done of total, time left) to the row, and stores the result.
 */
import type { Db } from "@/db";
import { findCampaign } from "@/db/queries/campaigns";
import {
  finishForecast,
  findForecast,
  markForecastRunning,
  recordForecastInput,
  requeueForecast,
  updateForecastProgress,
  type ForecastProgress,
} from "@/db/queries/forecasts";
import type { CampaignRow } from "@/db/schema";
import { assertNever } from "@/ml/campaign/schema";
import { classifierForecast } from "./classifier-forecast";
import { isPermanent, messageOf } from "./forecast-errors";
import { WITHHOLD_ALL, type MinimumCountRule } from "./forecast-input";
import type { ForecastKind } from "./forecast-kinds";
import { recommenderForecast } from "./recommender-forecast";
import { steerForecast } from "./steer-forecast";
import type { ForecastJobContext, ForecastJobData } from "./queue";

export type { ForecastResult } from "./classifier-forecast";

interface ForecastJobDeps {
  db: Db;
  /** The minimum-count rule (lib/privacy.ts). Without it nothing measured is used. */
  rule?: MinimumCountRule;
  /** Worker threads per sweep (default: all cores); 0 trains in this thread. */
  workers?: number;
  /** Minimum time between progress writes. */
  progressIntervalMs?: number;
}

/** What a campaign's platform kind simulates. */
export function forecastKindFor(c: Pick<CampaignRow, "kind">): ForecastKind {
  switch (c.kind) {
    case "classifier":
      return classifierForecast;
    case "regression":
      return steerForecast;
    case "recommender":
      return recommenderForecast;
    default:
      return assertNever(c.kind);
  }
}

/** Serialises progress writes and keeps them at most one per interval (plus the last). */
function progressWriter(
  db: Db,
  ids: { collectiveId: string; forecastId: string },
  total: number,
  intervalMs: number,
) {
  const started = performance.now();
  let lastWrite = 0;
  let chain: Promise<void> = Promise.resolve();
  let done = 0;
  const write = (force: boolean) => {
    const now = performance.now();
    if (!force && now - lastWrite < intervalMs) return;
    lastWrite = now;
    const elapsed = (now - started) / 1000;
    const progress: ForecastProgress = {
      done,
      total,
      etaSeconds: done > 0 ? Math.round((elapsed / done) * (total - done)) : null,
    };
    chain = chain
      .then(() => updateForecastProgress(db, { ...ids, progress }))
      .catch((err: unknown) => console.error("[jobs] progress write failed:", err));
  };
  return {
    step(force = false) {
      done = Math.min(total, done + 1);
      write(force || done === total);
    },
    /** The grid may hold fewer runs than planned (duplicates): end at 100%. */
    complete() {
      done = total;
      write(true);
      return chain;
    },
  };
}

/**
 * Runs one forecast job. Permanent errors (bad spec or data) mark the forecast failed and
 * complete the job; other errors go back to pg-boss for a retry (the forecast shows
 * "queued" with the reason) until the last attempt, which marks it failed.
 */
export async function runForecastJob(
  deps: ForecastJobDeps,
  data: ForecastJobData,
  ctx: ForecastJobContext,
): Promise<void> {
  const { db } = deps;
  const ids = { collectiveId: data.collectiveId, forecastId: data.forecastId };
  const row = await findForecast(db, { forecastId: data.forecastId });
  if (
    !row ||
    row.collectiveId !== data.collectiveId ||
    row.status === "done" ||
    row.status === "cancelled"
  )
    return;
  const campaign = await findCampaign(db, { campaignId: row.campaignId });
  if (!campaign || campaign.collectiveId !== row.collectiveId) {
    await finishForecast(db, { ...ids, status: "failed", error: "The campaign no longer exists" });
    return;
  }
  let progress: ReturnType<typeof progressWriter> | undefined;
  try {
    const result = await forecastKindFor(campaign).run({
      db,
      row,
      campaign,
      rule: deps.rule ?? WITHHOLD_ALL,
      signal: ctx.signal,
      ...(deps.workers !== undefined ? { workers: deps.workers } : {}),
      async begin({ spec, seed, dataSource, snapshot, total }) {
        // What runs is what is stored: re-running the stored spec on the same records gives the same numbers.
        await recordForecastInput(db, { ...ids, spec, seed, dataSource, snapshot });
        await markForecastRunning(db, { ...ids, progress: { done: 0, total, etaSeconds: null } });
        progress = progressWriter(db, ids, total, deps.progressIntervalMs ?? 1000);
        const p = progress;
        return () => p.step();
      },
    });
    await progress?.complete();
    await finishForecast(db, { ...ids, status: "done", result });
  } catch (err) {
    if (ctx.signal.aborted && ctx.signal.reason === "crash") {
      // Simulated kill -9 (tests): a dead process writes nothing and never reports back,
      // so the job stays `active` until a restart recovers it.
      await new Promise<never>(() => {});
    }
    if (ctx.signal.aborted) {
      await requeueForecast(db, {
        ...ids,
        error: "Interrupted by a server stop; it will run again.",
      });
      throw err;
    }
    if (isPermanent(err) || ctx.isLastAttempt) {
      await finishForecast(db, { ...ids, status: "failed", error: messageOf(err) });
      if (isPermanent(err)) return;
      throw err;
    }
    await requeueForecast(db, { ...ids, error: `Attempt failed (${messageOf(err)}); retrying.` });
    throw err;
  }
}

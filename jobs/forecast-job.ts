/**
 * The shadow-model forecast job: builds the sweep's input once, from one consistent read of
 * the campaign at job time, stores that input with the forecast (so the stored spec is the
 * one that ran), then runs the sweep and the stress tests on worker threads, writing
 * progress (runs done of total, time left) to the forecast row as it goes.
 */
import { ZodError } from "zod";
import type { Db } from "@/db";
import { findCampaign } from "@/db/queries/campaigns";
import {
  finishForecast,
  findForecast,
  markForecastRunning,
  requeueForecast,
  updateForecastProgress,
  type ForecastProgress,
} from "@/db/queries/forecasts";
import type { CampaignRow, ForecastRow } from "@/db/schema";
import { EngineInputError } from "@/ml/data";
import { createSimulationPool, type SimulationPool } from "@/ml/simulate/pool";
import { platformModelSpecs } from "@/ml/simulate/model-band";
import { runPlatformModels, type BandedResult } from "@/ml/simulate/run-models";
import { runSimulation } from "@/ml/simulate/run-simulation";
import { formatSpecIssues, simulationSpecSchema, type SimulationSpec } from "@/ml/simulate/spec";
import {
  referenceSpec,
  STRESS_SEEDS,
  STRESS_SWEEP_ALPHAS,
  stressAlphas,
  stressPointsOf,
  stressScenarios,
  type StressId,
  type StressTest,
} from "@/ml/simulate/stress";
import {
  forecastInput,
  readCampaignState,
  shownAlphaGrid,
  WITHHOLD_ALL,
  type ForecastInput,
  type MinimumCountRule,
} from "./forecast-input";
import { recordForecastInput } from "@/db/queries/forecasts";
import type { ForecastJobContext, ForecastJobData } from "./queue";

/**
 * What the job stores in `forecasts.result`: the engine's result for the most pessimistic of
 * the platform models (with the band all of them span, `platformModels`) plus the stress
 * tests, run against that same model.
 */
export type ForecastResult = BandedResult & { stress: StressTest[] };

/** The stress tests a forecast runs, in the order shown: this app runs every one the engine has. */
const FORECAST_STRESS_TESTS: readonly StressId[] = ["reference", "noise", "dp", "others"];

interface ForecastJobDeps {
  db: Db;
  /** The minimum-count rule (lib/privacy.ts). Without it nothing measured is used. */
  rule?: MinimumCountRule;
  /** Worker threads per sweep (default: all cores); 0 trains in this thread. */
  workers?: number;
  /** Minimum time between progress writes. */
  progressIntervalMs?: number;
}

function messageOf(err: unknown): string {
  if (err instanceof ZodError)
    return `The stored forecast spec is invalid: ${formatSpecIssues(err).join("; ")}`;
  if (err instanceof Error) return err.message;
  return String(err);
}

function sameGrid(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The input this attempt runs on: the stored design (parsed once, here, where it comes back
 * from the database) applied to one consistent read of the campaign now. A forecast asked for
 * without an explicit grid stored the default grid of its request-time snapshot; it gets the
 * default grid of the state it actually runs on.
 */
async function inputFor(
  db: Db,
  row: ForecastRow,
  campaign: CampaignRow,
  rule: MinimumCountRule,
): Promise<ForecastInput> {
  const design: SimulationSpec = simulationSpecSchema.parse(row.spec);
  const requested = { active: row.snapshot.active ?? 0, alpha: row.snapshot.alpha ?? 0 };
  const state = await readCampaignState(db, campaign, rule);
  return forecastInput(design, state, rule, {
    defaultGrid: sameGrid(design.alphas, shownAlphaGrid(requested, rule)),
  });
}

/** Errors that the same input would raise again: retrying cannot help. */
function isPermanent(err: unknown): boolean {
  return err instanceof ZodError || err instanceof EngineInputError;
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
    /** The grid may hold fewer stress alphas than planned (duplicates): end at 100%. */
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
  let pool: SimulationPool | undefined;
  try {
    const rule = deps.rule ?? WITHHOLD_ALL;
    const { spec, table, dataSource, snapshot } = await inputFor(db, row, campaign, rule);
    // What runs is what is stored: re-running the stored spec on the same records gives the same numbers.
    await recordForecastInput(db, { ...ids, spec, seed: spec.seed, dataSource, snapshot });
    // Small counts stay private (the minimum-count rule): a stress grid centred on "now"
    // reveals the active count, a noise rate the failures of those who tried to confirm, so
    // each is used only when its group is large enough; otherwise the default assumption.
    const alphaNow = rule.isShown(snapshot.active) ? snapshot.alpha : 0;
    // Measured (0 included) only from enough members who tried; null words it as assumed.
    const measured = rule.isShown(snapshot.attempted) ? snapshot.misexecution : null;
    // Planned from the designed model; the tests then run against the pessimistic one.
    const planned = stressScenarios(spec, table, measured, FORECAST_STRESS_TESTS);
    const stressRuns =
      planned.filter((s) => s.apply !== null).length *
      STRESS_SWEEP_ALPHAS *
      Math.min(spec.seeds, STRESS_SEEDS);
    const models = platformModelSpecs(spec).length;
    const total = models * spec.alphas.length * spec.seeds + stressRuns;
    await markForecastRunning(db, { ...ids, progress: { done: 0, total, etaSeconds: null } });
    const progress = progressWriter(db, ids, total, deps.progressIntervalMs ?? 1000);
    // One pool for the sweep and its stress tests: booting a worker (tsx, TensorFlow.js)
    // costs about a second, more than a whole stress sweep of a small model. Its workers
    // start from the engine's one entry (ml/simulate/worker-entry.cjs).
    pool =
      deps.workers === 0
        ? undefined
        : createSimulationPool(deps.workers ? { workers: deps.workers } : {});
    const engineOpts = { table, signal: ctx.signal, ...(pool ? { pool } : { workers: 0 }) };

    const { result: main, drivenSpec } = await runPlatformModels(spec, {
      ...engineOpts,
      onProgress: () => progress.step(),
    });
    const alphas = stressAlphas(alphaNow, main.criticalMass?.simulated);
    // The stress tests probe the number the plan follows: the most pessimistic model's.
    const reference = referenceSpec(drivenSpec, alphas);
    const scenarios = stressScenarios(drivenSpec, table, measured, FORECAST_STRESS_TESTS);
    // The count was planned for three alphas; a shorter grid (duplicates) finishes early.
    const stress: StressTest[] = [];
    for (const s of scenarios) {
      const base = { id: s.id, label: s.label, description: s.description };
      if (s.apply === null) {
        stress.push({ ...base, points: null, ...(s.skipped ? { skipped: s.skipped } : {}) });
        continue;
      }
      try {
        const r = await runSimulation(s.apply(reference, alphaNow), {
          ...engineOpts,
          onProgress: () => progress.step(),
        });
        stress.push({
          ...base,
          ...stressPointsOf(r.points),
          ...(r.privacy ? { privacy: r.privacy } : {}),
        });
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        // One failed scenario must not sink the forecast: report it in its place.
        stress.push({ ...base, points: null, error: messageOf(err) });
      }
    }
    await progress.complete();
    const result: ForecastResult = { ...main, stress };
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
  } finally {
    void pool?.close();
  }
}

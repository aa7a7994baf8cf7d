/**
 * The shadow-model forecast job: runs the engine sweep stored with a forecast, then the
 * stress tests, on worker threads, writing progress (runs done of total, time left) to the
 * forecast row as it goes.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ZodError } from "zod";
import type { Db } from "@/db";
import { findCampaign } from "@/db/queries/campaigns";
import { finishForecast, findForecast, markForecastRunning, requeueForecast, updateForecastProgress, type ForecastProgress } from "@/db/queries/forecasts";
import type { CampaignRow, ForecastRow } from "@/db/schema";
import { createSimulationPool, EngineInputError, formatSpecIssues, runSimulation, simulationSpecSchema, type SimulationResult, type SimulationSpec, type Table } from "@/ml";
import type { ForecastJobContext, ForecastJobData } from "./queue";
import { referenceSpec, STRESS_ALPHA_COUNT, STRESS_SEEDS, stressAlphas, stressScenarios, type StressTest } from "./stress";

/** What the job stores in `forecasts.result`: the engine's result plus the stress tests. */
export type ForecastResult = SimulationResult & { stress: StressTest[] };

export interface ForecastJobDeps {
  db: Db;
  /** The rows to simulate on (proxy sample, plus members' records where there are enough). */
  loadTable(campaign: CampaignRow, forecast: ForecastRow): Promise<Table>;
  /** Worker threads per sweep (default: all cores); 0 trains in this thread. */
  workers?: number;
  /** Minimum time between progress writes. */
  progressIntervalMs?: number;
  /**
   * The minimum-count rule (lib/privacy.ts isShown, passed in: jobs do not import lib): may a
   * figure computed from this many people be used where organizers see it? Without it,
   * nothing measured is used.
   */
  isGroupShown?: (groupSize: number) => boolean;
}

/**
 * The worker entry by path from the app root: inside the Next server bundle `import.meta.url`
 * points into .next/ and `require.resolve` returns module ids, so the engine cannot locate its
 * worker or tsx itself; jobs/simulation-worker.cjs does both the plain Node way.
 */
export function forecastWorkerUrl(): URL {
  return pathToFileURL(path.join(/* turbopackIgnore: true */ process.cwd(), "jobs", "simulation-worker.cjs"));
}

function messageOf(err: unknown): string {
  if (err instanceof ZodError) return `The stored forecast spec is invalid: ${formatSpecIssues(err).join("; ")}`;
  if (err instanceof Error) return err.message;
  return String(err);
}

function withoutNoise(spec: SimulationSpec): SimulationSpec {
  const { noise: _noise, ...rest } = spec;
  return rest;
}

/** Errors that the same input would raise again: retrying cannot help. */
function isPermanent(err: unknown): boolean {
  return err instanceof ZodError || err instanceof EngineInputError;
}

/** Serialises progress writes and keeps them at most one per interval (plus the last). */
function progressWriter(db: Db, ids: { collectiveId: string; forecastId: string }, total: number, intervalMs: number) {
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
    chain = chain.then(() => updateForecastProgress(db, { ...ids, progress })).catch((err: unknown) => console.error("[jobs] progress write failed:", err));
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
export async function runForecastJob(deps: ForecastJobDeps, data: ForecastJobData, ctx: ForecastJobContext): Promise<void> {
  const { db } = deps;
  const ids = { collectiveId: data.collectiveId, forecastId: data.forecastId };
  const row = await findForecast(db, { forecastId: data.forecastId });
  if (!row || row.collectiveId !== data.collectiveId || row.status === "done" || row.status === "cancelled") return;
  const campaign = await findCampaign(db, { campaignId: row.campaignId });
  if (!campaign || campaign.collectiveId !== row.collectiveId) {
    await finishForecast(db, { ...ids, status: "failed", error: "The campaign no longer exists" });
    return;
  }
  let pool: ReturnType<typeof createSimulationPool> | undefined;
  try {
    const storedSpec = simulationSpecSchema.parse(row.spec);
    const table = await deps.loadTable(campaign, row);
    // Small counts stay private (the minimum-count rule): a stress grid centred on "now"
    // reveals the active count, a noise rate the failures of those who tried to confirm, so
    // each is used only when its group is large enough; otherwise the default assumption.
    const isGroupShown = deps.isGroupShown ?? (() => false);
    const alphaNow = isGroupShown(row.snapshot.active ?? 0) ? (row.snapshot.alpha ?? 0) : 0;
    const rate = row.snapshot.misexecution ?? 0;
    const measured = rate > 0 && isGroupShown(row.snapshot.attempted ?? 0) ? rate : null;
    // Forecasts stored before the rule may carry a noise rate over fewer people: not used.
    const spec = measured === null ? withoutNoise(storedSpec) : storedSpec;
    const scenarios = stressScenarios(spec, table, measured);
    const stressRuns = scenarios.filter((s) => s.apply !== null).length * STRESS_ALPHA_COUNT * Math.min(spec.seeds, STRESS_SEEDS);
    const total = spec.alphas.length * spec.seeds + stressRuns;
    await markForecastRunning(db, { ...ids, progress: { done: 0, total, etaSeconds: null } });
    const progress = progressWriter(db, ids, total, deps.progressIntervalMs ?? 1000);
    // One pool for the sweep and its stress tests: booting a worker (tsx, TensorFlow.js)
    // costs about a second, more than a whole stress sweep of a small model.
    pool = deps.workers === 0 ? undefined : createSimulationPool({ workerUrl: forecastWorkerUrl(), ...(deps.workers ? { workers: deps.workers } : {}) });
    const engineOpts = { table, signal: ctx.signal, ...(pool ? { pool } : { workers: 0 }) };

    const main = await runSimulation(spec, { ...engineOpts, onProgress: () => progress.step() });
    const alphas = stressAlphas(alphaNow, main.criticalMass?.simulated);
    const reference = referenceSpec(spec, alphas);
    // The count was planned for three alphas; a shorter grid (duplicates) finishes early.
    const stress: StressTest[] = [];
    for (const s of scenarios) {
      const base = { id: s.id, label: s.label, description: s.description };
      if (s.apply === null) {
        stress.push({ ...base, points: null, ...(s.skipped ? { skipped: s.skipped } : {}) });
        continue;
      }
      try {
        const r = await runSimulation(s.apply(reference, alphaNow), { ...engineOpts, onProgress: () => progress.step() });
        stress.push({
          ...base,
          points: r.points.map((p) => ({ alpha: p.alpha, success: p.success, cleanAccuracy: p.cleanAccuracy })),
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
      await requeueForecast(db, { ...ids, error: "Interrupted by a server stop; it will run again." });
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

/**
 * Classifier campaigns' forecast: the shadow-model sweep against every platform model ticked
 * at design, then the stress tests against the most pessimistic one, on worker threads.
 */
import type { CampaignRow, ForecastRow } from "@/db/schema";
import type { Db } from "@/db";
import { createSimulationPool, type SimulationPool } from "@/ml/simulate/pool";
import { platformModelSpecs } from "@/ml/simulate/model-band";
import { runPlatformModels, type BandedResult } from "@/ml/simulate/run-models";
import { runSimulation } from "@/ml/simulate/run-simulation";
import { simulationSpecSchema, type SimulationSpec } from "@/ml/simulate/spec";
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
  designSpec,
  forecastInput,
  readCampaignState,
  shownAlphaGrid,
  type ForecastInput,
  type MinimumCountRule,
} from "./forecast-input";
import type { ForecastKind } from "./forecast-kinds";
import { messageOf } from "./forecast-errors";

/**
 * What the job stores in `forecasts.result` for a classifier campaign: the engine's result
 * for the most pessimistic of the platform models (with the band all of them span,
 * `platformModels`) plus the stress tests, run against that same model.
 */
export type ForecastResult = BandedResult & { stress: StressTest[] };

/** The stress tests a forecast runs, in the order shown: this app runs every one the engine has. */
const FORECAST_STRESS_TESTS: readonly StressId[] = ["reference", "noise", "dp", "others"];

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

export const classifierForecast: ForecastKind = {
  design(campaign, request, snapshot, rule) {
    const design = designSpec(campaign, request, snapshot, rule);
    if (!design.ok) return design;
    const { spec } = design;
    return {
      ok: true,
      spec,
      seed: spec.seed,
      dataSource: spec.memberRows > 0 ? "members" : "proxy",
      total: spec.alphas.length * spec.seeds,
    };
  },

  async run({ db, row, campaign, rule, signal, workers, begin }): Promise<ForecastResult> {
    const { spec, table, dataSource, snapshot } = await inputFor(db, row, campaign, rule);
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
    // What runs is what is stored: re-running the stored spec on the same records gives the same numbers.
    const step = await begin({ spec, seed: spec.seed, dataSource, snapshot, total });
    // One pool for the sweep and its stress tests: booting a worker (tsx, TensorFlow.js)
    // costs about a second, more than a whole stress sweep of a small model. Its workers
    // start from the engine's one entry (ml/simulate/worker-entry.cjs).
    const pool: SimulationPool | undefined =
      workers === 0 ? undefined : createSimulationPool(workers ? { workers } : {});
    try {
      const engineOpts = { table, signal, ...(pool ? { pool } : { workers: 0 }) };
      const { result: main, drivenSpec } = await runPlatformModels(spec, {
        ...engineOpts,
        onProgress: () => step(),
      });
      const alphas = stressAlphas(alphaNow, main.criticalMass?.simulated);
      // The stress tests probe the number the plan follows: the most pessimistic model's.
      const reference = referenceSpec(drivenSpec, alphas);
      const scenarios = stressScenarios(drivenSpec, table, measured, FORECAST_STRESS_TESTS);
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
            onProgress: () => step(),
          });
          stress.push({
            ...base,
            ...stressPointsOf(r.points),
            ...(r.privacy ? { privacy: r.privacy } : {}),
          });
        } catch (err) {
          if (signal.aborted) throw err;
          // One failed scenario must not sink the forecast: report it in its place.
          stress.push({ ...base, points: null, error: messageOf(err) });
        }
      }
      return { ...main, stress };
    } finally {
      void pool?.close();
    }
  },
};

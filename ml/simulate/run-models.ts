/**
 * Runs a spec against each of its plausible platform models (model-band.ts) and returns the
 * most pessimistic model's result, the one a plan can rely on, with the band all of them span.
 */
import { modelBand, platformModelSpecs, type ModelBand } from "./model-band";
import { runSimulation, type RunSimulationOptions } from "./run-simulation";
import {
  simulationSpecSchema,
  type SimulationResult,
  type SimulationSpec,
  type SimulationSpecInput,
} from "./spec";

/** A result with the platform models it was run against (absent for a single-model spec). */
export type BandedResult = SimulationResult & { platformModels?: ModelBand };

export interface PlatformModelsRun {
  result: BandedResult;
  /** The spec of the model the result follows: stress tests run against it. */
  drivenSpec: SimulationSpec;
}

/**
 * Same seeds and splits for every model (the spec's seed is shared), so the band measures
 * the models' disagreement, not the luck of the draw. Progress counts runs across all models.
 */
export async function runPlatformModels(
  input: SimulationSpecInput | SimulationSpec,
  opts: RunSimulationOptions = {},
): Promise<PlatformModelsRun> {
  const spec = simulationSpecSchema.parse(input);
  const variants = platformModelSpecs(spec);
  const perModel = spec.alphas.length * spec.seeds;
  const total = perModel * variants.length;
  const runs: { kind: SimulationSpec["learner"]["kind"]; result: SimulationResult }[] = [];
  for (const [i, v] of variants.entries()) {
    const result = await runSimulation(v.spec, {
      ...opts,
      onProgress: (p) => opts.onProgress?.({ ...p, done: i * perModel + p.done, total }),
    });
    runs.push({ kind: v.kind, result });
  }
  const band = modelBand(runs);
  const driven = runs.find((r) => r.kind === band.drivenBy) ?? runs[0];
  const drivenSpec = variants.find((v) => v.kind === band.drivenBy)?.spec ?? spec;
  if (!driven) throw new Error("no platform model ran");
  const seconds = runs.reduce((s, r) => s + r.result.seconds, 0);
  const runsCount = runs.reduce((s, r) => s + r.result.runs, 0);
  const result: BandedResult = {
    ...driven.result,
    seconds,
    runs: runsCount,
    ...(spec.platformModels ? { platformModels: band } : {}),
  };
  return { result, drivenSpec };
}

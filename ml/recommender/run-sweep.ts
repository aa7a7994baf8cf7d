/**
 * Run a sequence (recommender) simulation: every (alpha, seed) pair in this thread, one
 * after the other, yielding to the event loop between runs so progress reaches the caller
 * and an abort signal is honoured. Each run is a pure function of (spec, data, alpha, seed),
 * so the numbers do not depend on timing.
 */
import { abortError } from "../simulate/pool";
import { aggregateSequenceRuns, criticalMassOf } from "./aggregate";
import { prepareSequenceSimulation, sequenceSeedState, type SequenceSeedState } from "./prepare";
import { runSequenceOne, type SequenceRunOutcome } from "./run-one";
import { loadSequenceData } from "./samples";
import type { SequenceSet } from "./sequence-set";
import {
  sequenceSpecSchema,
  type SequenceSimulationResult,
  type SequenceSpec,
  type SequenceSpecInput,
} from "./spec";

export interface SequenceProgress {
  done: number;
  total: number;
  /** The run that just finished. */
  alpha: number;
  seedIndex: number;
}

export interface RunSequenceSimulationOptions {
  onProgress?: (p: SequenceProgress) => void;
  /** Cancels between runs: the promise rejects with an AbortError. */
  signal?: AbortSignal;
  /** The sequences, when the caller already has them (data.path / sample is then not read). */
  sequences?: SequenceSet;
  /** Folder that data.path is relative to (default: the current directory). */
  baseDir?: string;
  /** Called with the process RSS after each run (bytes), for memory reports. */
  onMemory?: (rss: number) => void;
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Forecast a promote campaign on a recommender: per alpha and seed, members insert the item
 * once, the shadow recommender retrains, and held-out seeds measure amplification, target
 * recommendations and NDCG; mean and 95% t-interval over seeds, and the critical mass.
 * Throws a ZodError for a bad spec and an EngineInputError for bad data.
 */
export async function runSequenceSimulation(
  input: SequenceSpecInput | SequenceSpec,
  opts: RunSequenceSimulationOptions = {},
): Promise<SequenceSimulationResult> {
  const started = performance.now();
  const spec = sequenceSpecSchema.parse(input);
  const set = opts.sequences ?? (await loadSequenceData(spec.data, opts.baseDir));
  const prep = prepareSequenceSimulation(spec, set);
  const total = spec.seeds * spec.alphas.length;
  const outcomes: SequenceRunOutcome[] = [];
  let nEvaluated = 0;
  for (let s = 0; s < spec.seeds; s++) {
    let state: SequenceSeedState | undefined;
    for (let a = 0; a < spec.alphas.length; a++) {
      await nextTick();
      if (opts.signal?.aborted === true) throw abortError(opts.signal);
      state ??= sequenceSeedState(prep, s);
      nEvaluated = state.evaluation.seeds.length;
      outcomes.push(runSequenceOne(prep, state, a, s));
      opts.onMemory?.(process.memoryUsage().rss);
      opts.onProgress?.({ done: outcomes.length, total, alpha: spec.alphas[a] ?? 0, seedIndex: s });
    }
  }
  const points = aggregateSequenceRuns(spec, outcomes);
  const mean = (f: (o: SequenceRunOutcome) => number) =>
    outcomes.reduce((acc, o) => acc + f(o), 0) / Math.max(1, outcomes.length);
  const result: SequenceSimulationResult = {
    kind: "sequences",
    points,
    item: spec.campaign.item,
    isNewItem: prep.isNewItem,
    learner: spec.learner.kind,
    topK: spec.topK,
    seedLength: spec.seedLength,
    nSequences: set.ids.length,
    nItems: set.items.length,
    nTrain: prep.nTrain,
    nTest: prep.nTest,
    nEvaluated,
    trainSeconds: mean((o) => o.trainSeconds),
    evaluateSeconds: mean((o) => o.evaluateSeconds),
    seconds: (performance.now() - started) / 1000,
    runs: outcomes.length,
    interval: "t-95",
  };
  const critical: NonNullable<SequenceSimulationResult["criticalMass"]> = {};
  if (spec.targetAmplification !== undefined)
    critical.amplification = criticalMassOf(
      points,
      (p) => p.amplification.mean,
      spec.targetAmplification,
      prep.nTrain,
      (p) => p.targetShare > 0,
    );
  if (spec.targetRecommendations !== undefined)
    critical.targetRecommendations = criticalMassOf(
      points,
      (p) => p.targetRecommendations.mean,
      spec.targetRecommendations,
      prep.nTrain,
    );
  if (Object.keys(critical).length > 0) result.criticalMass = critical;
  return result;
}

/**
 * A steering campaign forecast: per seed, split the rows into train and held-out test once;
 * per alpha, the first round(alpha * nTrain) training rows are the members, the strategy runs,
 * and we measure the fit against theta* (science.md section 3, for parameters instead of labels).
 */
import path from "node:path";
import { createRng, deriveSeed, shuffled } from "../../core/random";
import { loadCsv } from "../data/csv";
import { tInterval } from "../simulate/aggregate";
import type { Table } from "../types";
import { computeEpsilon } from "../learners/rdp-accountant";
import { meanLoss } from "./learner";
import { distance, dot, norm } from "./linalg";
import { designOf } from "./numeric-data";
import { prepareSteer, steerTheory, type SteerModel } from "./prepare";
import type { SteerPoint, SteerResult } from "./result";
import { runControl, controlSettings } from "./control";
import { currentModel, runNeutralize, type RunOutcome } from "./run-one";
import { generateGigPay } from "./sample";
import { namedParameters } from "./target";
import { controlNoiseFloor } from "./theory";
import type { SteerSpec } from "./spec";

export interface SteerProgress {
  done: number;
  total: number;
  alpha: number;
}

export interface SteerSweepOptions {
  onProgress?: (p: SteerProgress) => void;
  signal?: AbortSignal;
}

/** The spec's rows: its CSV (relative to `baseDir`) or the built-in sample. */
export async function loadSteerTable(spec: SteerSpec, baseDir = process.cwd()): Promise<Table> {
  if (spec.data.sample !== undefined) return generateGigPay();
  return loadCsv(path.resolve(baseDir, spec.data.path ?? ""));
}

const UNBOUNDED: [number, number] = [-Infinity, Infinity];

function abortError(): Error {
  const err = new Error("the steering sweep was interrupted");
  err.name = "AbortError";
  return err;
}

/** The profile's design row, when the target is a prediction. */
function profileRow(model: SteerModel): Float64Array | undefined {
  const prediction = model.spec.campaign.target.prediction;
  if (prediction === undefined) return undefined;
  const { fields, intercept } = model.layout;
  const x = new Float64Array(fields.length + (intercept ? 1 : 0));
  fields.forEach((f, j) => (x[j] = prediction.profile[f] ?? 0));
  if (intercept) x[fields.length] = 1;
  return x;
}

/**
 * Runs every (alpha, seed) pair in this thread (runs are small: closed-form fits on numeric
 * rows), yielding to the event loop between runs so `signal` can interrupt.
 */
export async function runSteerSweep(
  spec: SteerSpec,
  table: Table,
  options: SteerSweepOptions = {},
): Promise<SteerResult> {
  const started = performance.now();
  const model = prepareSteer(spec, table);
  const theory = steerTheory(model);
  const { records, layout, thetaStar } = model;
  const n = records.n;
  const nTest = Math.max(1, Math.round(spec.testFraction * n));
  const nTrain = n - nTest;
  const total = spec.alphas.length * spec.seeds;
  const { learner, campaign } = spec;
  const outcomes: RunOutcome[][] = spec.alphas.map(() => []);
  const losses: number[][] = spec.alphas.map(() => []);
  let done = 0;
  for (let s = 0; s < spec.seeds; s++) {
    const order = shuffled(
      Array.from({ length: n }, (_, i) => i),
      createRng(deriveSeed(spec.seed, "split", s)),
    );
    const test = designOf(records, order.slice(0, nTest), layout.intercept);
    const train = order.slice(nTest);
    const init =
      campaign.control.init === "zero"
        ? new Float64Array(thetaStar.length)
        : currentModel(model, train);
    for (let a = 0; a < spec.alphas.length; a++) {
      if (options.signal?.aborted === true) throw abortError();
      const alpha = spec.alphas[a] ?? 0;
      const m = Math.min(nTrain, Math.round(alpha * nTrain));
      const rng = createRng(deriveSeed(spec.seed, "steer", s, a));
      const outcome =
        campaign.strategy === "control"
          ? runControl(model, train, m, init, rng)
          : runNeutralize(model, train, m, rng);
      outcomes[a]?.push(outcome);
      losses[a]?.push(meanLoss(model.kind, outcome.theta, test));
      done++;
      options.onProgress?.({ done, total, alpha });
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
  if (options.signal?.aborted === true) throw abortError();

  const tolerance = spec.campaign.tolerance * Math.max(norm(thetaStar), 1e-12);
  const profile = profileRow(model);
  const predictionOf = (theta: ArrayLike<number>) => {
    if (profile === undefined) return undefined;
    const score = dot(theta, profile);
    return model.kind === "logistic" ? 1 / (1 + Math.exp(-score)) : score;
  };
  const points: SteerPoint[] = spec.alphas.map((alpha, a) => {
    const runs = outcomes[a] ?? [];
    const distances = runs.map((o) => distance(o.theta, thetaStar));
    const param = (j: number) =>
      tInterval(
        runs.map((o) => o.theta[j] ?? 0),
        UNBOUNDED,
      );
    const regimes: SteerPoint["regimes"] = {};
    const kinds = [...new Set(runs.map((o) => o.regime))];
    for (const kind of kinds)
      regimes[kind] = runs.filter((o) => o.regime === kind).length / runs.length;
    const predictions = runs.map((o) => predictionOf(o.theta) ?? 0);
    return {
      alpha,
      collectiveSize: Math.min(nTrain, Math.round(alpha * nTrain)),
      parameterDistance: tInterval(distances, [0, Infinity]),
      weights: Object.fromEntries(layout.fields.map((f, j) => [f, param(j)])),
      ...(layout.intercept ? { intercept: param(layout.fields.length) } : {}),
      ...(profile !== undefined ? { prediction: tInterval(predictions, UNBOUNDED) } : {}),
      success: tInterval(distances.map((dist) => (dist <= tolerance ? 1 : 0))),
      cleanLoss: tInterval(losses[a] ?? [], [0, Infinity]),
      regimes,
      meanChange: tInterval(
        runs.map((o) => o.meanChange),
        [0, Infinity],
      ),
    };
  });
  const reached = points.filter((p) => p.parameterDistance.mean <= tolerance).map((p) => p.alpha);
  const steps = outcomes.flat().find((o) => o.steps > 0)?.steps ?? 0;
  const result: SteerResult = {
    goal: "steer",
    strategy: campaign.strategy,
    learner: learner.kind,
    target: withPrediction(namedParameters(layout, thetaStar), predictionOf(thetaStar)),
    baseFit: withPrediction(namedParameters(layout, model.baseFit), predictionOf(model.baseFit)),
    points,
    criticalMass: {
      theoretical: theory.alpha,
      planned: theory.planned,
      simulated: reached.length > 0 ? Math.min(...reached) : null,
      baseGradientNorm: theory.baseGradientNorm,
      maxPush: theory.maxPush,
    },
    tolerance: campaign.tolerance,
    seconds: (performance.now() - started) / 1000,
    interval: "t-95",
    runs: total,
    nTrain,
    nTest,
  };
  if (campaign.strategy === "control") {
    const settings = controlSettings(model, nTrain);
    const initialDistance = distance(
      campaign.control.init === "zero" ? new Float64Array(thetaStar.length) : model.baseFit,
      thetaStar,
    );
    result.noiseFloor = {
      expectedSquaredDistance: controlNoiseFloor({
        learningRate: settings.learningRate,
        pull: campaign.control.pull,
        noiseMultiplier: learner.dp?.noiseMultiplier ?? 0,
        clip: learner.dp?.clip ?? 0,
        batchSize: settings.batchSize,
        dim: thetaStar.length,
        initialDistance,
        steps: settings.steps,
      }),
      initialDistance,
      steps: settings.steps,
      learningRate: settings.learningRate,
      pull: campaign.control.pull,
    };
  }
  if (learner.dp !== undefined && steps > 0) {
    const q = Math.min(1, Math.min(learner.batchSize, nTrain) / nTrain);
    result.privacy = {
      epsilon: computeEpsilon({
        q,
        noiseMultiplier: learner.dp.noiseMultiplier,
        steps,
        delta: learner.dp.delta,
      }),
      delta: learner.dp.delta,
    };
  }
  return result;
}

function withPrediction<T extends object>(
  params: T,
  prediction: number | undefined,
): T & { prediction?: number } {
  return prediction !== undefined ? { ...params, prediction } : params;
}

import { z } from "zod";
import type { Dataset, LearnerSpec, TrainedModel, TrainOptions, TrainResult } from "../types";
import { deriveSeed } from "../../core/random";
import { trainBayes, bayesFromJSON } from "./bayes";
import { trainNet, type GradientEngine } from "./net-train";
import { createNetModel, netFromJSON } from "./net-model";
import { trainFastText } from "./fasttext-train";
import { createFastTextModel, fastTextFromJSON } from "./fasttext-model";
import { computeEpsilon } from "./rdp-accountant";
import { EngineInputError } from "../data/errors";

function assertNever(x: never): never {
  throw new Error(`unhandled learner kind: ${String(x)}`);
}

interface Fit {
  model: TrainedModel;
  steps: number;
  sampleRate: number;
}

/** TrainOptions plus the choice of gradient engine for `linear`/`mlp` (default "js"). */
export type TrainNetOptions = TrainOptions & { engine?: GradientEngine };

async function fitOnce(spec: LearnerSpec, data: Dataset, opts: TrainNetOptions): Promise<Fit> {
  switch (spec.kind) {
    case "bayes":
      return { model: trainBayes(data, opts), steps: 0, sampleRate: 0 };
    case "linear":
    case "mlp": {
      const out = await trainNet(spec, data, opts);
      return { model: createNetModel(out.weights), steps: out.steps, sampleRate: out.sampleRate };
    }
    case "fasttext": {
      const out = trainFastText(spec, data, opts);
      const model = createFastTextModel(out.weights);
      return { model, steps: out.steps, sampleRate: out.sampleRate };
    }
    default:
      return assertNever(spec.kind);
  }
}

/**
 * Train a learner on a dataset. Same spec, data and seed give identical numbers.
 * With `spec.reweight = {kind: "jtt", lambda}` (just-train-twice): fit once, multiply the
 * weight of each training example the first model gets wrong by lambda, fit again.
 * With `spec.dp` the result carries the accountant's (epsilon, delta); under JTT both
 * fits touch the data, so their steps compose.
 */
export async function train(
  spec: LearnerSpec,
  data: Dataset,
  opts: TrainNetOptions,
): Promise<TrainResult> {
  if (data.x.n !== data.y.length)
    throw new Error(`x has ${data.x.n} rows but y has ${data.y.length}`);
  if (opts.weights !== undefined && opts.weights.length !== data.x.n) {
    throw new Error(`weights has ${opts.weights.length} entries for ${data.x.n} rows`);
  }
  if (spec.kind === "bayes" && spec.dp !== undefined) {
    // Training without the requested privacy and saying nothing would be worse than refusing.
    throw new EngineInputError(
      "DP-SGD applies to the linear, mlp and fasttext learners, not to bayes",
    );
  }
  let fit: Fit;
  let steps = 0;
  if (spec.reweight !== undefined) {
    const { lambda } = spec.reweight;
    if (!(lambda > 0)) throw new Error(`jtt lambda must be positive, got ${lambda}`);
    const base: LearnerSpec = { ...spec };
    delete base.reweight;
    const first = await fitOnce(base, data, { ...opts, seed: deriveSeed(opts.seed, "jtt-first") });
    const pred = first.model.predict(data.x);
    first.model.dispose();
    const weights = jttWeights(pred, data.y, lambda, opts.weights);
    fit = await fitOnce(base, data, { ...opts, weights });
    steps = first.steps + fit.steps;
  } else {
    fit = await fitOnce(spec, data, opts);
    steps = fit.steps;
  }
  const result: TrainResult = { model: fit.model };
  if (spec.dp !== undefined && spec.kind !== "bayes") {
    const epsilon = computeEpsilon({
      q: fit.sampleRate,
      noiseMultiplier: spec.dp.noiseMultiplier,
      steps,
      delta: spec.dp.delta,
    });
    result.privacy = { epsilon, delta: spec.dp.delta };
  }
  return result;
}

/** JTT weights: base weight (1 when absent) times lambda for the first model's errors. */
export function jttWeights(
  pred: Int32Array,
  y: Int32Array,
  lambda: number,
  base?: Float32Array,
): Float32Array {
  const w = new Float32Array(y.length);
  for (let i = 0; i < y.length; i++) w[i] = (base?.[i] ?? 1) * (pred[i] === y[i] ? 1 : lambda);
  return w;
}

const kindSchema = z.object({ kind: z.enum(["linear", "mlp", "bayes", "fasttext"]) }).passthrough();

/** Restore a model saved with `model.toJSON()`; predictions are identical to the original's. */
export function loadModel(json: unknown): TrainedModel {
  const { kind } = kindSchema.parse(json);
  switch (kind) {
    case "bayes":
      return bayesFromJSON(json);
    case "linear":
    case "mlp":
      return createNetModel(netFromJSON(json));
    case "fasttext":
      return createFastTextModel(fastTextFromJSON(json));
    default:
      return assertNever(kind);
  }
}

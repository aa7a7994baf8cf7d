import type { Dataset, LearnerSpec, TrainOptions } from "../types";
import { createRng, deriveSeed, type Rng } from "../../core/random";
import { initBackend } from "../backend";
import { gatherLocalBatch, rowSquaredNorms, assertSparse } from "./batch";
import { batchGradientsTf } from "./net-grads";
import { batchGradientsJs, type NetArrays } from "./net-grads-js";
import { ParamTable } from "./param-table";
import { resolveNetOptions } from "./net-defaults";
import { linearSgdStep } from "./linear-sgd";
import { GaussianStream } from "./gaussian";
import type { NetWeights } from "./net-model";
import { computeEpsilon } from "./rdp-accountant";

/**
 * Where batch gradients are computed: "js" (typed-array loops, the default: ~10x faster
 * on this machine's wasm backend, see net-grads-js.ts) or "tfjs" (TensorFlow.js ops on
 * the active backend). Both implement the same closed form and agree to float rounding.
 */
export type GradientEngine = "js" | "tfjs";

export interface NetTrainOutput {
  weights: NetWeights;
  /** Number of optimiser steps taken (the accountant composes over these). */
  steps: number;
  /** Poisson sampling rate q of DP-SGD (batchSize / n). */
  sampleRate: number;
  privacy?: { epsilon: number; delta: number };
}

/**
 * Minibatch training of `linear` / `mlp` (SGD or lazy Adam; defaults in net-defaults.ts). Without DP, each
 * epoch visits a seeded permutation in batches; with DP (`spec.dp`), each step takes a
 * Poisson sample (rate q = batchSize/n), clips per-example gradients in closed form, adds
 * seeded Gaussian noise N(0, (sigma*C)^2) to the sum and divides by the expected batch size.
 */
export async function trainNet(
  spec: LearnerSpec,
  data: Dataset,
  opts: TrainOptions & { engine?: GradientEngine },
): Promise<NetTrainOutput> {
  const engine = opts.engine ?? "js";
  if (engine === "tfjs") await initBackend();
  const gradients = engine === "tfjs" ? batchGradientsTf : batchGradientsJs;
  if (spec.kind === "bayes" || spec.kind === "fasttext")
    throw new Error(`trainNet: ${spec.kind} is not a linear/mlp net`);
  const { x, y } = data;
  assertSparse(x);
  const K = data.classes.length;
  if (K < 2) throw new Error("need at least two classes");
  const n = x.n;
  const {
    epochs,
    batchSize,
    learningRate: lr,
    l2,
    hidden: H,
    optimizer: method,
  } = resolveNetOptions(spec, n);
  const dp = spec.dp;

  const weights = opts.weights ?? new Float32Array(n).fill(1);
  if (weights.length !== n) throw new Error(`weights has ${weights.length} entries for ${n} rows`);
  let wSum = 0;
  for (const w of weights) wSum += w;
  const wMean = wSum > 0 ? wSum / n : 1;
  const xSqAll = dp !== undefined ? rowSquaredNorms(x) : undefined;

  const init = initParams(x.dim, K, H, new GaussianStream(deriveSeed(opts.seed, "init")));
  const width = H > 0 ? H : K;
  const stepsPerEpoch = Math.max(
    1,
    dp !== undefined ? Math.round(n / batchSize) : Math.ceil(n / batchSize),
  );
  const decay = epochs * stepsPerEpoch; // SGD decays linearly to 0 over the planned steps
  const tables = {
    W1: new ParamTable(init.W1, width, lr, method, decay),
    b1: new ParamTable(init.b1, width, lr, method, decay),
    W2: init.W2 !== undefined ? new ParamTable(init.W2, K, lr, method, decay) : undefined,
    b2: init.b2 !== undefined ? new ParamTable(init.b2, K, lr, method, decay) : undefined,
  };
  const orderRng = createRng(deriveSeed(opts.seed, "order"));
  const sampleRng = createRng(deriveSeed(opts.seed, "poisson"));
  const noise = new GaussianStream(deriveSeed(opts.seed, "noise"));
  const localMap = new Int32Array(x.dim).fill(-1);
  // Plain SGD of the linear model without DP or L2 runs in place (see linear-sgd.ts).
  const fused =
    engine === "js" && method === "sgd" && H === 0 && dp === undefined && l2 === 0
      ? {
          W: tables.W1.sgdWeights(),
          b: tables.b1.sgdWeights(),
          err: new Float64Array(batchSize * K),
        }
      : null;
  let step = 0;

  outer: for (let epoch = 0; epoch < epochs; epoch++) {
    const batches =
      dp !== undefined
        ? poissonBatches(n, batchSize / n, stepsPerEpoch, sampleRng)
        : permutedBatches(n, batchSize, orderRng);
    for (const rowsIdx of batches) {
      if (opts.isCancelled?.()) break outer;
      step++;
      if (fused !== null) {
        const B = rowsIdx.length;
        const scale = new Float32Array(B);
        rowsIdx.forEach((i, r) => (scale[r] = (weights[i] ?? 0) / (B * wMean)));
        tables.W1.tick();
        tables.b1.tick();
        linearSgdStep(
          fused.W,
          fused.b,
          K,
          x,
          rowsIdx,
          y,
          scale,
          tables.W1.currentRate(),
          fused.err,
        );
        continue;
      }
      // Only the embedding rows this batch touches take part, renumbered 0..u-1.
      const { batch: flat, touched } = gatherLocalBatch(x, rowsIdx, localMap);
      const B = rowsIdx.length;
      const labels = new Int32Array(B);
      const wb = new Float32Array(B);
      const xSq = new Float32Array(B);
      rowsIdx.forEach((i, r) => {
        labels[r] = y[i] ?? 0;
        // Without DP: weighted mean loss, normalised by the overall mean weight so the
        // step size does not depend on the weights' scale. With DP: the clipped sum is
        // divided by the expected batch size below.
        wb[r] = (weights[i] ?? 0) / (dp !== undefined ? 1 : B * wMean);
        xSq[r] = xSqAll?.[i] ?? 0;
      });
      const local: NetArrays = { W1: tables.W1.copyRows(touched), b1: tables.b1.weights() };
      if (tables.W2 !== undefined && tables.b2 !== undefined) {
        local.W2 = tables.W2.weights();
        local.b2 = tables.b2.weights();
      }
      const { grads: g } = gradients(local, flat, {
        numClasses: K,
        labels,
        weights: wb,
        ...(dp !== undefined ? { xSq, clip: dp.clip } : {}),
      });
      for (const t of [tables.W1, tables.b1, tables.W2, tables.b2]) t?.tick();
      if (dp === undefined) {
        tables.W1.rows(g.W1, touched, l2);
        tables.b1.dense(g.b1);
        if (g.W2 !== undefined) tables.W2?.dense(g.W2, l2);
        if (g.b2 !== undefined) tables.b2?.dense(g.b2);
      } else {
        // DP noise lands on every coordinate, so the private update is dense: noise
        // N(0, (sigma*C)^2) on the clipped sum, then divide by the expected batch size.
        const scale = (dp.noiseMultiplier * dp.clip) / batchSize;
        tables.W1.denseNoisy(g.W1, touched, noise, scale, 1 / batchSize, l2);
        tables.b1.denseNoisy(g.b1, null, noise, scale, 1 / batchSize, 0);
        if (g.W2 !== undefined) tables.W2?.denseNoisy(g.W2, null, noise, scale, 1 / batchSize, l2);
        if (g.b2 !== undefined) tables.b2?.denseNoisy(g.b2, null, noise, scale, 1 / batchSize, 0);
      }
    }
    opts.onEpoch?.(epoch + 1, epochs);
  }

  const out: NetWeights = {
    kind: spec.kind,
    dim: x.dim,
    numClasses: K,
    hidden: H,
    W1: tables.W1.weights(),
    b1: tables.b1.weights(),
  };
  if (tables.W2 !== undefined && tables.b2 !== undefined) {
    out.W2 = tables.W2.weights();
    out.b2 = tables.b2.weights();
  }
  const result: NetTrainOutput = { weights: out, steps: step, sampleRate: batchSize / n };
  if (dp !== undefined) {
    const epsilon = computeEpsilon({
      q: batchSize / n,
      noiseMultiplier: dp.noiseMultiplier,
      steps: step,
      delta: dp.delta,
    });
    result.privacy = { epsilon, delta: dp.delta };
  }
  return result;
}

function permutedBatches(n: number, batchSize: number, rng: Rng): number[][] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i] ?? 0;
    order[i] = order[j] ?? 0;
    order[j] = t;
  }
  const out: number[][] = [];
  for (let s = 0; s < n; s += batchSize) out.push(order.slice(s, s + batchSize));
  return out;
}

/** Poisson sampling: every example joins each step independently with probability q. */
function poissonBatches(n: number, q: number, steps: number, rng: Rng): number[][] {
  const out: number[][] = [];
  for (let s = 0; s < steps; s++) {
    const batch: number[] = [];
    for (let i = 0; i < n; i++) if (rng.next() < q) batch.push(i);
    out.push(batch);
  }
  return out;
}

interface Params {
  W1: Float32Array;
  b1: Float32Array;
  W2?: Float32Array;
  b2?: Float32Array;
}

function initParams(dim: number, K: number, H: number, rng: GaussianStream): Params {
  // Convex problem: zero init is deterministic and loses nothing.
  if (H === 0) return { W1: new Float32Array(dim * K), b1: new Float32Array(K) };
  // Small random embeddings break the symmetry between hidden units; inputs have unit
  // norm per text field, so std 0.1 keeps initial pre-activations around 0.1.
  // (GaussianStream: the 2^18 x 16 table is 4.2M draws.)
  const W1 = new Float32Array(dim * H);
  rng.fill(W1, 0.1);
  const W2 = new Float32Array(H * K);
  rng.fill(W2, Math.sqrt(2 / (H + K)));
  return { W1, b1: new Float32Array(H), W2, b2: new Float32Array(K) };
}

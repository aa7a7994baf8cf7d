import * as tf from "@tensorflow/tfjs";
import type { Dataset, LearnerSpec, TrainOptions } from "../types";
import { createRng, deriveSeed, type Rng } from "../random";
import { initBackend } from "../backend";
import { gatherBatch, rowSquaredNorms, assertSparse } from "./batch";
import { batchGradients, toBatchTensors, type NetTensors } from "./net-grads";
import type { NetWeights } from "./net-model";
import { computeEpsilon } from "./rdp-accountant";

/** Defaults, chosen by measurement on SpamAssassin (see the learners' README notes in index.ts). */
export const NET_DEFAULTS = { epochs: 5, batchSize: 32, learningRate: 0.02, hidden: 16, l2: 0 } as const;

type ParamName = keyof NetTensors;
const NAMES: readonly ParamName[] = ["W1", "b1", "W2", "b2"];

export interface NetTrainOutput {
  weights: NetWeights;
  /** Number of optimiser steps taken (the accountant composes over these). */
  steps: number;
  privacy?: { epsilon: number; delta: number };
}

/**
 * Minibatch training of `linear` / `mlp` with TensorFlow.js and Adam. Without DP, each
 * epoch visits a seeded permutation in batches; with DP (`spec.dp`), each step takes a
 * Poisson sample (rate q = batchSize/n), clips per-example gradients in closed form, adds
 * seeded Gaussian noise N(0, (sigma*C)^2) to the sum and divides by the expected batch size.
 */
export async function trainNet(spec: LearnerSpec, data: Dataset, opts: TrainOptions): Promise<NetTrainOutput> {
  await initBackend();
  if (spec.kind === "bayes") throw new Error("trainNet: bayes is not a net");
  const { x, y } = data;
  assertSparse(x);
  const K = data.classes.length;
  if (K < 2) throw new Error("need at least two classes");
  const n = x.n;
  const epochs = spec.epochs ?? NET_DEFAULTS.epochs;
  const batchSize = Math.max(1, Math.min(spec.batchSize ?? NET_DEFAULTS.batchSize, n));
  const lr = spec.learningRate ?? NET_DEFAULTS.learningRate;
  const l2 = spec.l2 ?? NET_DEFAULTS.l2;
  const H = spec.kind === "mlp" ? (spec.hidden ?? NET_DEFAULTS.hidden) : 0;
  const dp = spec.dp;

  const weights = opts.weights ?? new Float32Array(n).fill(1);
  if (weights.length !== n) throw new Error(`weights has ${weights.length} entries for ${n} rows`);
  let wSum = 0;
  for (const w of weights) wSum += w;
  const wMean = wSum > 0 ? wSum / n : 1;
  const xSqAll = dp !== undefined ? rowSquaredNorms(x) : undefined;

  let params = initParams(x.dim, K, H, createRng(deriveSeed(opts.seed, "init")));
  const adam = createAdam(params, lr);
  const orderRng = createRng(deriveSeed(opts.seed, "order"));
  const sampleRng = createRng(deriveSeed(opts.seed, "poisson"));
  const stepsPerEpoch = Math.max(1, Math.round(n / batchSize));
  let step = 0;

  outer: for (let epoch = 0; epoch < epochs; epoch++) {
    const batches = dp !== undefined ? poissonBatches(n, batchSize / n, stepsPerEpoch, sampleRng) : permutedBatches(n, batchSize, orderRng);
    for (const rowsIdx of batches) {
      if (opts.isCancelled?.()) break outer;
      step++;
      if (rowsIdx.length === 0 && dp === undefined) continue;
      const flat = gatherBatch(x, rowsIdx);
      const yOne = new Float32Array(rowsIdx.length * K);
      const wb = new Float32Array(rowsIdx.length);
      const xSq = new Float32Array(rowsIdx.length);
      rowsIdx.forEach((i, r) => {
        yOne[r * K + (y[i] ?? 0)] = 1;
        // Without DP: weighted mean loss, normalised by the overall mean weight so the
        // step size does not depend on the weights' scale (and is unbiased per batch).
        wb[r] = (weights[i] ?? 0) / (dp !== undefined ? 1 : rowsIdx.length * wMean);
        xSq[r] = xSqAll?.[i] ?? 0;
      });
      const grads = tf.tidy(() => {
        const bt = toBatchTensors(flat);
        const { grads: g } = batchGradients(params, bt, {
          Y: tf.tensor2d(yOne, [rowsIdx.length, K]),
          weights: tf.tensor1d(wb),
          ...(dp !== undefined ? { xSq: tf.tensor1d(xSq), clip: dp.clip } : {}),
        });
        const out: Partial<Record<ParamName, tf.Tensor>> = {};
        for (const name of NAMES) {
          let t: tf.Tensor | undefined = g[name];
          const p = params[name];
          if (t === undefined || p === undefined) continue;
          if (dp !== undefined) {
            const noiseSeed = deriveSeed(opts.seed, "noise", step, name) % 2147483647;
            t = tf.div(tf.add(t, tf.randomNormal(t.shape, 0, dp.noiseMultiplier * dp.clip, "float32", noiseSeed)), batchSize);
          }
          if (l2 > 0 && (name === "W1" || name === "W2")) t = tf.add(t, tf.mul(p, l2));
          out[name] = t;
        }
        return out;
      });
      params = adam.apply(params, grads);
    }
    opts.onEpoch?.(epoch + 1, epochs);
  }

  const weightsOut = await readParams(params, spec.kind, x.dim, K, H);
  disposeParams(params);
  adam.dispose();
  const result: NetTrainOutput = { weights: weightsOut, steps: step };
  if (dp !== undefined) {
    const epsilon = computeEpsilon({ q: batchSize / n, noiseMultiplier: dp.noiseMultiplier, steps: step, delta: dp.delta });
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

function initParams(dim: number, K: number, H: number, rng: Rng): NetTensors {
  if (H === 0) {
    // Convex problem: zero init is deterministic and loses nothing.
    return { W1: tf.keep(tf.zeros([dim, K])), b1: tf.keep(tf.zeros([K])) };
  }
  // Small random embeddings break the symmetry between hidden units; inputs have unit
  // norm per text field, so std 0.1 keeps initial pre-activations around 0.1.
  const W1 = new Float32Array(dim * H);
  for (let i = 0; i < W1.length; i++) W1[i] = 0.1 * rng.normal();
  const W2 = new Float32Array(H * K);
  const s2 = Math.sqrt(2 / (H + K));
  for (let i = 0; i < W2.length; i++) W2[i] = s2 * rng.normal();
  return {
    W1: tf.keep(tf.tensor2d(W1, [dim, H])),
    b1: tf.keep(tf.zeros([H])),
    W2: tf.keep(tf.tensor2d(W2, [H, K])),
    b2: tf.keep(tf.zeros([K])),
  };
}

interface Adam {
  apply(p: NetTensors, g: Partial<Record<ParamName, tf.Tensor>>): NetTensors;
  dispose(): void;
}

/** Adam written out over plain tensors: no named tf.Variables, so concurrent fits never clash on names. */
function createAdam(p: NetTensors, lr: number, beta1 = 0.9, beta2 = 0.999, eps = 1e-8): Adam {
  const m: Partial<Record<ParamName, tf.Tensor>> = {};
  const v: Partial<Record<ParamName, tf.Tensor>> = {};
  for (const name of NAMES) {
    const t = p[name];
    if (t === undefined) continue;
    m[name] = tf.keep(tf.zerosLike(t));
    v[name] = tf.keep(tf.zerosLike(t));
  }
  let t = 0;
  return {
    apply(params, grads) {
      t++;
      const lrT = (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
      const next: NetTensors = { ...params };
      for (const name of NAMES) {
        const g = grads[name];
        const p0 = params[name];
        const m0 = m[name];
        const v0 = v[name];
        if (g === undefined || p0 === undefined || m0 === undefined || v0 === undefined) continue;
        const [m1, v1, p1] = tf.tidy(() => {
          const m1 = tf.add(tf.mul(m0, beta1), tf.mul(g, 1 - beta1));
          const v1 = tf.add(tf.mul(v0, beta2), tf.mul(tf.square(g), 1 - beta2));
          const p1 = tf.sub(p0, tf.mul(tf.div(m1, tf.add(tf.sqrt(v1), eps)), lrT));
          return [m1, v1, p1];
        });
        m0.dispose();
        v0.dispose();
        p0.dispose();
        g.dispose();
        m[name] = m1;
        v[name] = v1;
        setParam(next, name, p1);
      }
      return next;
    },
    dispose() {
      for (const name of NAMES) {
        m[name]?.dispose();
        v[name]?.dispose();
      }
    },
  };
}

function setParam(p: NetTensors, name: ParamName, t: tf.Tensor): void {
  p[name] = t;
}

async function readParams(p: NetTensors, kind: "linear" | "mlp", dim: number, K: number, H: number): Promise<NetWeights> {
  const read = async (t: tf.Tensor | undefined) => (t === undefined ? undefined : new Float32Array(await t.data()));
  const W1 = await read(p.W1);
  const b1 = await read(p.b1);
  if (W1 === undefined || b1 === undefined) throw new Error("missing parameters");
  const w: NetWeights = { kind, dim, numClasses: K, hidden: H, W1, b1 };
  const W2 = await read(p.W2);
  const b2 = await read(p.b2);
  if (W2 !== undefined) w.W2 = W2;
  if (b2 !== undefined) w.b2 = b2;
  return w;
}

function disposeParams(p: NetTensors): void {
  for (const name of NAMES) p[name]?.dispose();
}

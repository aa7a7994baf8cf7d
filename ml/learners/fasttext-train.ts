import type { Dataset, LearnerSpec, TrainOptions } from "../types";
import { createRng, deriveSeed, type Rng } from "../../core/random";
import { EngineInputError } from "../data/errors";
import { assertSparse, rowSquaredNorms } from "./batch";
import { GaussianStream } from "./gaussian";
import { rowInverseL1, type FastTextWeights } from "./fasttext-model";

/** Fully resolved options of the `fasttext` learner (fastText's supervised defaults where it has them). */
export interface FastTextOptions {
  epochs: number;
  /** Examples per SGD step: 1 (fastText's per-example SGD) without DP, 256 with DP. */
  batchSize: number;
  learningRate: number;
  /** Embedding dimension (`spec.hidden`). */
  embedDim: number;
}

/**
 * Defaults: 5 epochs, rate 0.5, dimension 16, one example per step: the settings of the
 * real fastText this learner is checked against (`fasttext supervised -epoch 5 -lr 0.5
 * -dim 16 -wordNgrams 2 -thread 1`, see ml/bench/fasttext.ts). With DP, batches of 256:
 * the noise covers every parameter each step, so per-example steps would cost n draws of
 * the whole table per epoch.
 */
export function resolveFastTextOptions(spec: LearnerSpec, n: number): FastTextOptions {
  if (spec.optimizer === "adam")
    throw new EngineInputError("the fasttext learner trains with SGD only, not adam");
  if (spec.l2 !== undefined && spec.l2 > 0)
    throw new EngineInputError("the fasttext learner has no L2 penalty (as fastText)");
  const defaultBatch = spec.dp !== undefined ? 256 : 1;
  return {
    epochs: spec.epochs ?? 5,
    batchSize: Math.max(1, Math.min(spec.batchSize ?? defaultBatch, n)),
    learningRate: spec.learningRate ?? 0.5,
    embedDim: spec.hidden ?? 16,
  };
}

/**
 * fastText's learning-rate schedule: linear decay from `lr` at the first step to 0 after
 * `totalSteps` (fastText counts tokens; a step is one example or one batch here).
 */
export function fastTextRate(lr: number, step: number, totalSteps: number): number {
  if (totalSteps <= 0) return lr;
  return lr * Math.max(0, 1 - step / totalSteps);
}

export interface FastTextTrainOutput {
  weights: FastTextWeights;
  steps: number;
  sampleRate: number;
}

/**
 * Train the fastText-like learner by SGD with sparse updates: each step moves the output
 * layer and only the embedding rows its examples contain. Gradients of a step are all
 * computed before any weight moves, so a batch of one is fastText's update exactly.
 *
 * DP-SGD (`spec.dp`): Poisson batches (rate batchSize/n); each example's gradient over
 * (E, O) is clipped to norm C in closed form, ||g_i||^2 = ||e||^2 ||h||^2 + ||O^T e||^2
 * sum_j c_j^2 (e = p - y, h = hidden, c = averaging weights; ids merged); then Gaussian
 * noise N(0, (sigma C)^2) is added to every coordinate of E and O (untouched rows
 * included: skipping them would not be DP), and the sum is divided by the batch size.
 * The dense noise is one vectorised GaussianStream.fill over a reused buffer per step.
 */
export function trainFastText(
  spec: LearnerSpec,
  data: Dataset,
  opts: TrainOptions,
): FastTextTrainOutput {
  const { x, y } = data;
  assertSparse(x);
  const K = data.classes.length;
  if (K < 2) throw new Error("need at least two classes");
  const n = x.n;
  const { epochs, batchSize, learningRate: lr, embedDim: d } = resolveFastTextOptions(spec, n);
  const dp = spec.dp;
  const weights = opts.weights ?? new Float32Array(n).fill(1);
  if (weights.length !== n) throw new Error(`weights has ${weights.length} entries for ${n} rows`);
  let wSum = 0;
  for (const w of weights) wSum += w;
  const wMean = wSum > 0 ? wSum / n : 1;

  const inv = rowInverseL1(x);
  // sum_j c_j^2 per row (merged ids), for the clipped norms.
  let cSq: Float32Array | undefined;
  if (dp !== undefined) {
    cSq = rowSquaredNorms(x);
    for (let i = 0; i < n; i++) cSq[i] = (cSq[i] ?? 0) * (inv[i] ?? 0) ** 2;
  }

  // fastText's initialisation: input uniform in (-1/d, 1/d), output zero.
  const E = new Float32Array(x.dim * d);
  fillUniform(E, deriveSeed(opts.seed, "init"), 1 / d);
  const O = new Float32Array(K * d);

  const stepsPerEpoch = Math.max(
    1,
    dp !== undefined ? Math.round(n / batchSize) : Math.ceil(n / batchSize),
  );
  const totalSteps = epochs * stepsPerEpoch;
  const orderRng = createRng(deriveSeed(opts.seed, "order"));
  const sampleRng = createRng(deriveSeed(opts.seed, "poisson"));
  const noise = new GaussianStream(deriveSeed(opts.seed, "noise"));
  const noiseE = dp !== undefined ? new Float32Array(E.length) : null;
  const noiseO = dp !== undefined ? new Float32Array(O.length) : null;

  let cap = Math.max(1, batchSize);
  let hid = new Float64Array(cap * d);
  let err = new Float64Array(cap * K);
  let back = new Float64Array(cap * d);
  let scaleBuf = new Float64Array(cap);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let batch = new Int32Array(cap);
  let step = 0;

  const runStep = (rows: Int32Array, B: number): void => {
    if (B > cap) {
      cap = B;
      hid = new Float64Array(cap * d);
      err = new Float64Array(cap * K);
      back = new Float64Array(cap * d);
      scaleBuf = new Float64Array(cap);
    }
    // Forward and output error of every example with the weights as they are.
    for (let r = 0; r < B; r++) {
      const i = rows[r] ?? 0;
      const h0 = r * d;
      const e0 = r * K;
      const start = x.offsets[i] ?? 0;
      embedInto(E, d, x.ids, x.values, start, x.offsets[i + 1] ?? 0, inv[i] ?? 0, hid, h0);
      let max = -Infinity;
      for (let k = 0; k < K; k++) {
        let s = 0;
        for (let u = 0; u < d; u++) s += (O[k * d + u] ?? 0) * (hid[h0 + u] ?? 0);
        err[e0 + k] = s;
        max = Math.max(max, s);
      }
      let sum = 0;
      for (let k = 0; k < K; k++) {
        const p = Math.exp((err[e0 + k] ?? 0) - max);
        err[e0 + k] = p;
        sum += p;
      }
      const yk = y[i] ?? 0;
      for (let k = 0; k < K; k++) err[e0 + k] = (err[e0 + k] ?? 0) / sum - (k === yk ? 1 : 0);
      // back = O^T e: the gradient reaching the hidden vector.
      for (let u = 0; u < d; u++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += (O[k * d + u] ?? 0) * (err[e0 + k] ?? 0);
        back[h0 + u] = s;
      }
      const w = weights[i] ?? 0;
      if (dp === undefined) {
        scaleBuf[r] = w / (B * wMean);
      } else {
        let e2 = 0;
        let h2 = 0;
        let b2 = 0;
        for (let k = 0; k < K; k++) e2 += (err[e0 + k] ?? 0) ** 2;
        for (let u = 0; u < d; u++) {
          h2 += (hid[h0 + u] ?? 0) ** 2;
          b2 += (back[h0 + u] ?? 0) ** 2;
        }
        const norm = Math.abs(w) * Math.sqrt(e2 * h2 + b2 * (cSq?.[i] ?? 0));
        scaleBuf[r] = (w * Math.min(1, dp.clip / (norm + 1e-12))) / batchSize;
      }
    }
    const rate = fastTextRate(lr, step, totalSteps);
    step++;
    if (dp !== undefined && noiseE !== null && noiseO !== null) {
      // Noise on every coordinate: -rate * sigma * C / batchSize * N(0, I).
      const s = (dp.noiseMultiplier * dp.clip) / batchSize;
      if (s > 0) {
        noise.fill(noiseE, s);
        for (let k = 0; k < E.length; k++) E[k] = (E[k] ?? 0) - rate * (noiseE[k] ?? 0);
        noise.fill(noiseO, s);
        for (let k = 0; k < O.length; k++) O[k] = (O[k] ?? 0) - rate * (noiseO[k] ?? 0);
      }
    }
    // Sparse update: the output layer, then only the embedding rows the batch contains.
    for (let r = 0; r < B; r++) {
      const a = rate * (scaleBuf[r] ?? 0);
      if (a === 0) continue;
      const i = rows[r] ?? 0;
      const h0 = r * d;
      const e0 = r * K;
      for (let k = 0; k < K; k++) {
        const ek = a * (err[e0 + k] ?? 0);
        for (let u = 0; u < d; u++) O[k * d + u] = (O[k * d + u] ?? 0) - ek * (hid[h0 + u] ?? 0);
      }
      const start = x.offsets[i] ?? 0;
      const c0 = -a * (inv[i] ?? 0);
      addToRows(E, d, x.ids, x.values, start, x.offsets[i + 1] ?? 0, c0, back, h0);
    }
  };

  outer: for (let epoch = 0; epoch < epochs; epoch++) {
    if (dp === undefined) {
      shuffleInPlace(order, orderRng);
      for (let s = 0; s < n; s += batchSize) {
        if (opts.isCancelled?.()) break outer;
        const B = Math.min(batchSize, n - s);
        runStep(order.subarray(s, s + B), B);
      }
    } else {
      const q = batchSize / n;
      for (let s = 0; s < stepsPerEpoch; s++) {
        if (opts.isCancelled?.()) break outer;
        let B = 0;
        for (let i = 0; i < n; i++) {
          if (sampleRng.next() < q) {
            if (B === batch.length) {
              const grown = new Int32Array(batch.length * 2);
              grown.set(batch);
              batch = grown;
            }
            batch[B++] = i;
          }
        }
        runStep(batch, B);
      }
    }
    opts.onEpoch?.(epoch + 1, epochs);
  }

  return {
    weights: { kind: "fasttext", dim: x.dim, numClasses: K, embedDim: d, E, O },
    steps: step,
    sampleRate: batchSize / n,
  };
}

// The two hot loops as plain functions of typed arrays (monomorphic, no closure state):
// they are ~all of the training time, 2 * nnz * d multiply-adds per example.

/** out[at..at+d) = c0 * sum_j values[j] * E[ids[j]] over entries [start, end). */
function embedInto(
  E: Float32Array,
  d: number,
  ids: Int32Array,
  values: Float32Array,
  start: number,
  end: number,
  c0: number,
  out: Float64Array,
  at: number,
): void {
  if (d % 8 !== 0) {
    for (let u = 0; u < d; u++) out[at + u] = 0;
    for (let j = start; j < end; j++) {
      const c = c0 * (values[j] ?? 0);
      const base = (ids[j] ?? 0) * d;
      for (let u = 0; u < d; u++) out[at + u] = (out[at + u] ?? 0) + c * (E[base + u] ?? 0);
    }
    return;
  }
  // Eight columns at a time in locals: a read-modify-write of `out` per multiply-add
  // was measured ~2x slower (the rows of one text stay in L1 across the passes).
  for (let u = 0; u < d; u += 8) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let s5 = 0;
    let s6 = 0;
    let s7 = 0;
    for (let j = start; j < end; j++) {
      const c = c0 * (values[j] ?? 0);
      const b = (ids[j] ?? 0) * d + u;
      s0 += c * (E[b] ?? 0);
      s1 += c * (E[b + 1] ?? 0);
      s2 += c * (E[b + 2] ?? 0);
      s3 += c * (E[b + 3] ?? 0);
      s4 += c * (E[b + 4] ?? 0);
      s5 += c * (E[b + 5] ?? 0);
      s6 += c * (E[b + 6] ?? 0);
      s7 += c * (E[b + 7] ?? 0);
    }
    const o = at + u;
    out[o] = s0;
    out[o + 1] = s1;
    out[o + 2] = s2;
    out[o + 3] = s3;
    out[o + 4] = s4;
    out[o + 5] = s5;
    out[o + 6] = s6;
    out[o + 7] = s7;
  }
}

/** E[ids[j]] += c0 * values[j] * g[at..at+d) over entries [start, end). */
function addToRows(
  E: Float32Array,
  d: number,
  ids: Int32Array,
  values: Float32Array,
  start: number,
  end: number,
  c0: number,
  g: Float64Array,
  at: number,
): void {
  if (d % 8 !== 0) {
    for (let j = start; j < end; j++) {
      const c = c0 * (values[j] ?? 0);
      const base = (ids[j] ?? 0) * d;
      for (let u = 0; u < d; u++) E[base + u] = (E[base + u] ?? 0) + c * (g[at + u] ?? 0);
    }
    return;
  }
  for (let u = 0; u < d; u += 8) {
    const o = at + u;
    const g0 = c0 * (g[o] ?? 0);
    const g1 = c0 * (g[o + 1] ?? 0);
    const g2 = c0 * (g[o + 2] ?? 0);
    const g3 = c0 * (g[o + 3] ?? 0);
    const g4 = c0 * (g[o + 4] ?? 0);
    const g5 = c0 * (g[o + 5] ?? 0);
    const g6 = c0 * (g[o + 6] ?? 0);
    const g7 = c0 * (g[o + 7] ?? 0);
    for (let j = start; j < end; j++) {
      const v = values[j] ?? 0;
      const b = (ids[j] ?? 0) * d + u;
      E[b] = (E[b] ?? 0) + v * g0;
      E[b + 1] = (E[b + 1] ?? 0) + v * g1;
      E[b + 2] = (E[b + 2] ?? 0) + v * g2;
      E[b + 3] = (E[b + 3] ?? 0) + v * g3;
      E[b + 4] = (E[b + 4] ?? 0) + v * g4;
      E[b + 5] = (E[b + 5] ?? 0) + v * g5;
      E[b + 6] = (E[b + 6] ?? 0) + v * g6;
      E[b + 7] = (E[b + 7] ?? 0) + v * g7;
    }
  }
}

/** a[k] = scale * U(-1, 1), seeded (mulberry32 inline: 4.2M draws for a 2^18 x 16 table). */
function fillUniform(a: Float32Array, seed: number, scale: number): void {
  let s = seed >>> 0;
  for (let k = 0; k < a.length; k++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    a[k] = scale * ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1);
  }
}

function shuffleInPlace(a: Int32Array, rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i] ?? 0;
    a[i] = a[j] ?? 0;
    a[j] = t;
  }
}

import type { Dataset, LearnerSpec, TrainOptions } from "../types";
import { createRng, deriveSeed } from "../../core/random";
import { EngineInputError } from "../data/errors";
import { assertSparse, rowSquaredNorms } from "./batch";
import { GaussianStream } from "./gaussian";
import { rowAveraging, type FastTextWeights } from "./fasttext-model";
import { addToRows, embedInto, fillUniform } from "./fasttext-kernels";
import { LazyRowNoise } from "./fasttext-noise";

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
 * -dim 16 -wordNgrams 2 -thread 1`, see ml/bench/fasttext.ts). With DP, Poisson batches of
 * 256: the noise per example, sigma C / B, must shrink with the batch for a usable model,
 * and the accountant's bound assumes sampled batches.
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
 * fastText's learning-rate schedule: linear decay from `lr` to 0 as `done` goes from 0 to
 * `total` (fastText counts tokens read; under DP a unit is one batch).
 */
export function fastTextRate(lr: number, done: number, total: number): number {
  if (total <= 0) return lr;
  return lr * Math.max(0, 1 - done / total);
}

/**
 * fastText's clock for the rate: tokens read so far over epochs x tokens in the data, the
 * count published only once more than 100 tokens (`-lrUpdateRate`) have been read since
 * the last publication. So a long text lowers the rate more than a short one.
 */
export class TokenClock {
  private seen = 0;
  private pending = 0;

  constructor(
    private readonly lr: number,
    /** epochs x the tokens of one pass. */
    private readonly total: number,
    private readonly updateEvery = 100,
  ) {}

  /** The rate for the next example. */
  rate(): number {
    return fastTextRate(this.lr, this.seen, this.total);
  }

  /** Count an example's tokens as read. */
  read(tokens: number): void {
    this.pending += tokens;
    if (this.pending > this.updateEvery) {
      this.seen += this.pending;
      this.pending = 0;
    }
  }
}

/**
 * Tokens fastText reads for a line: its words, `</s>` and the label. A text of N words
 * gives N unigram + N - 1 bigram occurrences, so N = (occurrences + 1) / 2.
 */
export function lineTokens(occurrences: number): number {
  return Math.round((occurrences + 1) / 2) + 2;
}

export interface FastTextTrainOutput {
  weights: FastTextWeights;
  steps: number;
  sampleRate: number;
}

/**
 * Train the fastText-like learner as fastText's `supervised` does with one thread:
 * sequential passes over the examples in the order given (fastText reads its file from the
 * top each epoch and never shuffles), rate decayed linearly per token read, softmax loss,
 * one example per SGD step, input uniform in (-1/d, 1/d), output zero, `</s>` averaged in.
 * Each step moves the output layer and only the embedding rows its examples contain;
 * gradients of a step are all computed before any weight moves.
 *
 * The order matters, in fastText too: SpamAssassin's table is ham then spam, so each epoch
 * ends on spam at a rate near 0. In that order a planted token moves 0.12 / 0.31 of the
 * spam at alpha 0.2 / 0.5% (real fastText on the same file: 0.12 / 0.31, ml/bench/fasttext.ts);
 * in one shuffled order 0.21 / 0.45 (fastText on that file: 0.21 / 0.45). Reshuffling every
 * epoch, as a first version did, gave 0.22 / 0.46 on the table order.
 *
 * DP-SGD (`spec.dp`): Poisson batches (rate batchSize/n), the rate decayed per batch; each
 * example's gradient over (E, O) is clipped to norm C in closed form, ||g_i||^2 = ||e||^2
 * ||h||^2 + ||O^T e||^2 sum_j c_j^2 (e = p - y, h = hidden, c = averaging weights, `</s>`
 * included; ids merged); Gaussian noise N(0, (sigma C)^2) goes on every coordinate of E
 * and O (untouched rows included: skipping them would not be DP), and the sum is divided
 * by the batch size. E's noise is drawn lazily, exactly in distribution (LazyRowNoise).
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

  const avg = rowAveraging(x);
  const { inv, eos } = avg;
  const eosRow = x.dim;
  // sum_j c_j^2 per row (merged ids, `</s>` included), for the clipped norms.
  let cSq: Float64Array | undefined;
  if (dp !== undefined) {
    const sq = rowSquaredNorms(x);
    cSq = new Float64Array(n);
    for (let i = 0; i < n; i++) cSq[i] = (sq[i] ?? 0) * (inv[i] ?? 0) ** 2 + (eos[i] ?? 0) ** 2;
  }

  // fastText's initialisation: input uniform in (-1/d, 1/d), output zero.
  const E = new Float32Array((x.dim + 1) * d);
  fillUniform(E, deriveSeed(opts.seed, "init"), 1 / d);
  const O = new Float32Array(K * d);

  const stepsPerEpoch = Math.max(
    1,
    dp !== undefined ? Math.round(n / batchSize) : Math.ceil(n / batchSize),
  );
  const totalSteps = epochs * stepsPerEpoch;
  const sampleRng = createRng(deriveSeed(opts.seed, "poisson"));
  const noise = new GaussianStream(deriveSeed(opts.seed, "noise"));
  const noiseScale = dp !== undefined ? (dp.noiseMultiplier * dp.clip) / batchSize : 0;
  const lazy =
    dp !== undefined
      ? new LazyRowNoise(
          x.dim + 1,
          d,
          noiseScale,
          Array.from({ length: totalSteps }, (_, k) => fastTextRate(lr, k, totalSteps)),
          noise,
        )
      : null;
  const noiseO = new Float32Array(O.length);

  let cap = Math.max(1, batchSize);
  let hid = new Float64Array(cap * d);
  let err = new Float64Array(cap * K);
  let back = new Float64Array(cap * d);
  let scaleBuf = new Float64Array(cap);
  let batch = new Int32Array(cap);
  let step = 0;

  const runStep = (rows: Int32Array, B: number, rate: number): void => {
    if (B > cap) {
      cap = B;
      hid = new Float64Array(cap * d);
      err = new Float64Array(cap * K);
      back = new Float64Array(cap * d);
      scaleBuf = new Float64Array(cap);
    }
    lazy?.flush(E, eosRow);
    // Forward and output error of every example with the weights as they are.
    for (let r = 0; r < B; r++) {
      const i = rows[r] ?? 0;
      const h0 = r * d;
      const e0 = r * K;
      const start = x.offsets[i] ?? 0;
      // Under DP a text's rows get the noise of the steps they missed just before they are
      // read (then in cache for the embedding); no weight moves before all texts are read.
      lazy?.flushIds(E, x.ids, start, x.offsets[i + 1] ?? 0);
      embedInto(E, d, x.ids, x.values, start, x.offsets[i + 1] ?? 0, inv[i] ?? 0, hid, h0);
      const ce = eos[i] ?? 0;
      for (let u = 0; u < d; u++) hid[h0 + u] = (hid[h0 + u] ?? 0) + ce * (E[eosRow * d + u] ?? 0);
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
    step++;
    if (noiseScale > 0) {
      // O is small: its noise is drawn every step; E's is owed (LazyRowNoise).
      noise.fill(noiseO, noiseScale);
      for (let k = 0; k < O.length; k++) O[k] = (O[k] ?? 0) - rate * (noiseO[k] ?? 0);
    }
    lazy?.endStep();
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
      addToRows(E, d, x.ids, x.values, start, x.offsets[i + 1] ?? 0, -a * (inv[i] ?? 0), back, h0);
      const ce = -a * (eos[i] ?? 0);
      for (let u = 0; u < d; u++)
        E[eosRow * d + u] = (E[eosRow * d + u] ?? 0) + ce * (back[h0 + u] ?? 0);
    }
  };

  if (dp === undefined) {
    const tokens = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) total += tokens[i] = lineTokens(avg.occurrences[i] ?? 0);
    const clock = new TokenClock(lr, epochs * total);
    // The examples in the order given, every epoch: fastText reads its file from the top.
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    outer: for (let epoch = 0; epoch < epochs; epoch++) {
      for (let s = 0; s < n; s += batchSize) {
        if (opts.isCancelled?.()) break outer;
        const B = Math.min(batchSize, n - s);
        runStep(order.subarray(s, s + B), B, clock.rate());
        for (let r = s; r < s + B; r++) clock.read(tokens[r] ?? 0);
      }
      opts.onEpoch?.(epoch + 1, epochs);
    }
  } else {
    const q = batchSize / n;
    outer: for (let epoch = 0; epoch < epochs; epoch++) {
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
        runStep(batch, B, fastTextRate(lr, step, totalSteps));
      }
      opts.onEpoch?.(epoch + 1, epochs);
    }
    lazy?.flushAll(E);
  }

  return {
    weights: { kind: "fasttext", dim: x.dim, numClasses: K, embedDim: d, E, O },
    steps: step,
    sampleRate: batchSize / n,
  };
}

import * as tf from "@tensorflow/tfjs";
import type { FlatBatch } from "./batch";
import type { ArrayGradRequest, ArrayGrads, NetArrays } from "./net-grads-js";

/** Parameters of the embedding-bag nets as tensors. Linear: W1 [dim,K], b1 [K]. MLP adds W2 [H,K], b2 [K]. */
export interface NetTensors {
  W1: tf.Tensor;
  b1: tf.Tensor;
  W2?: tf.Tensor;
  b2?: tf.Tensor;
}

export interface BatchTensors {
  rows: number;
  ids2d: tf.Tensor;
  ids: tf.Tensor;
  seg: tf.Tensor;
  seg2d: tf.Tensor;
  values: tf.Tensor;
}

/** Upload a flat batch (call inside tf.tidy). */
export function toBatchTensors(b: FlatBatch): BatchTensors {
  const nnz = b.ids.length;
  return {
    rows: b.rows,
    ids: tf.tensor1d(b.ids, "int32"),
    ids2d: tf.tensor2d(b.ids, [nnz, 1], "int32"),
    seg: tf.tensor1d(b.seg, "int32"),
    seg2d: tf.tensor2d(b.seg, [nnz, 1], "int32"),
    values: tf.tensor2d(b.values, [nnz, 1]),
  };
}

/**
 * Embedding bag: row r gets sum_j values[j] * W[ids[j]] over its entries. The wasm
 * backend has no UnsortedSegmentSum kernel (so neither tf.unsortedSegmentSum nor the
 * gradient of tf.gather runs there); scatterND sums duplicate indices and does.
 */
export function embeddingBag(W: tf.Tensor, b: BatchTensors): tf.Tensor {
  const width = W.shape[1] ?? 0;
  const rows = tf.mul(tf.gather(W, b.ids), b.values);
  return tf.scatterND(b.seg2d, rows, [b.rows, width]);
}

/** Transpose of the embedding bag: the gradient w.r.t. W of sum_r <G[r], bag(W)[r]>. */
function embeddingBagGrad(G: tf.Tensor, b: BatchTensors, dim: number): tf.Tensor {
  const perEntry = tf.mul(tf.gather(G, b.seg), b.values);
  return tf.scatterND(b.ids2d, perEntry, [dim, G.shape[1] ?? 0]);
}

interface Forward {
  P: tf.Tensor;
  pre?: tf.Tensor;
  h?: tf.Tensor;
}

/** Class probabilities [B, K] (and the hidden layer for the MLP). */
export function forward(p: NetTensors, b: BatchTensors): Forward {
  const bag = tf.add(embeddingBag(p.W1, b), p.b1);
  if (p.W2 === undefined || p.b2 === undefined) return { P: tf.softmax(bag) };
  const h = tf.relu(bag);
  return { P: tf.softmax(tf.add(tf.matMul(h, p.W2), p.b2)), pre: bag, h };
}

export interface GradRequest {
  /** One-hot labels [B, K]. */
  Y: tf.Tensor;
  /** Per-example weights [B] (already scaled by any normaliser). */
  weights: tf.Tensor;
  /** ||x_i||^2 per example [B]; needed only with clip. */
  xSq?: tf.Tensor;
  /** DP clipping norm: each example's (weighted) gradient is scaled to norm <= clip. */
  clip?: number;
}

export interface GradResult {
  grads: NetTensors;
  /** Squared norm of each example's weighted gradient before clipping [B] (when clip is set). */
  normsSq?: tf.Tensor;
}

/**
 * Sum over the batch of weight_i * (clip factor_i) * grad_i of the softmax cross-entropy,
 * with per-example norms in closed form (no per-example autodiff):
 *  linear: grad_i = outer(x_i, d_i) and d_i for the bias, d_i = p_i - y_i, so
 *          ||grad_i||^2 = (||x_i||^2 + 1) ||d_i||^2;
 *  mlp:    d2_i = p_i - y_i, d1_i = (W2 d2_i) * relu'(pre_i); the weight gradients are
 *          outer(h_i, d2_i) and outer(x_i, d1_i), so
 *          ||grad_i||^2 = (||h_i||^2 + 1) ||d2_i||^2 + (||x_i||^2 + 1) ||d1_i||^2.
 * Scaling each example's output error by its factor scales its whole gradient, so one
 * batched backward pass gives the sum of clipped gradients.
 */
export function batchGradients(p: NetTensors, b: BatchTensors, req: GradRequest): GradResult {
  const dim = p.W1.shape[0] ?? 0;
  const fwd = forward(p, b);
  const d2 = tf.sub(fwd.P, req.Y);
  const sq = (t: tf.Tensor) => tf.sum(tf.square(t), 1);
  let d1: tf.Tensor | undefined;
  if (p.W2 !== undefined && fwd.pre !== undefined) {
    d1 = tf.mul(tf.matMul(d2, p.W2, false, true), tf.step(fwd.pre));
  }
  let scale: tf.Tensor = req.weights;
  let normsSq: tf.Tensor | undefined;
  if (req.clip !== undefined) {
    if (req.xSq === undefined) throw new Error("batchGradients: clip needs xSq");
    const xPart = tf.add(req.xSq, 1);
    let n2: tf.Tensor =
      d1 === undefined || fwd.h === undefined
        ? tf.mul(xPart, sq(d2))
        : tf.add(tf.mul(tf.add(sq(fwd.h), 1), sq(d2)), tf.mul(xPart, sq(d1)));
    n2 = tf.mul(n2, tf.square(req.weights));
    normsSq = n2;
    const factor = tf.minimum(1, tf.div(req.clip, tf.sqrt(tf.add(n2, 1e-12))));
    scale = tf.mul(req.weights, factor);
  }
  const col = tf.expandDims(scale, 1);
  const g2 = tf.mul(d2, col);
  if (d1 === undefined || fwd.h === undefined) {
    return { grads: { W1: embeddingBagGrad(g2, b, dim), b1: tf.sum(g2, 0) }, normsSq };
  }
  const g1 = tf.mul(d1, col);
  return {
    grads: {
      W1: embeddingBagGrad(g1, b, dim),
      b1: tf.sum(g1, 0),
      W2: tf.matMul(fwd.h, g2, true, false),
      b2: tf.sum(g2, 0),
    },
    normsSq,
  };
}

/**
 * `batchGradients` behind the same plain-array interface as `batchGradientsJs`
 * (uploads the batch, runs on the active backend, reads the gradients back).
 */
export function batchGradientsTf(p: NetArrays, b: FlatBatch, req: ArrayGradRequest): ArrayGrads {
  // An empty (Poisson) batch has zero gradients; zero-size tensors trip some wasm kernels.
  if (b.rows === 0) {
    const zero = (a: Float32Array | undefined) =>
      a === undefined ? undefined : new Float32Array(a.length);
    const grads: NetArrays = {
      W1: new Float32Array(p.W1.length),
      b1: new Float32Array(p.b1.length),
    };
    const W2 = zero(p.W2);
    const b2 = zero(p.b2);
    if (W2 !== undefined) grads.W2 = W2;
    if (b2 !== undefined) grads.b2 = b2;
    return req.clip !== undefined ? { grads, normsSq: new Float32Array(0) } : { grads };
  }
  let result: ArrayGrads | null = null;
  tf.tidy(() => {
    const K = req.numClasses;
    const B = b.rows;
    const width = p.b1.length;
    const tensors: NetTensors = {
      W1: tf.tensor2d(p.W1, [Math.floor(p.W1.length / width), width]),
      b1: tf.tensor1d(p.b1),
    };
    if (p.W2 !== undefined && p.b2 !== undefined) {
      tensors.W2 = tf.tensor2d(p.W2, [width, K]);
      tensors.b2 = tf.tensor1d(p.b2);
    }
    const { grads, normsSq } = batchGradients(tensors, toBatchTensors(b), {
      Y: tf.oneHot(tf.tensor1d(req.labels, "int32"), K).toFloat(),
      weights: tf.tensor1d(req.weights),
      ...(req.clip !== undefined
        ? { xSq: tf.tensor1d(req.xSq ?? new Float32Array(B)), clip: req.clip }
        : {}),
    });
    const read = (t: tf.Tensor) => new Float32Array(t.dataSync());
    const out: NetArrays = { W1: read(grads.W1), b1: read(grads.b1) };
    if (grads.W2 !== undefined) out.W2 = read(grads.W2);
    if (grads.b2 !== undefined) out.b2 = read(grads.b2);
    result = normsSq !== undefined ? { grads: out, normsSq: read(normsSq) } : { grads: out };
  });
  if (result === null) throw new Error("batchGradientsTf: no result");
  return result;
}

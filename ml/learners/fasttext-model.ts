import { z } from "zod";
import type { SparseMatrix, TrainedModel } from "../types";
import { argmaxRows } from "./net-model";

/**
 * Trained weights of the `fasttext` learner: an input embedding table E [dim, d] and a
 * linear output layer O [K, d] (no bias, as in fastText). A text is the weighted mean of
 * its rows' embeddings, hidden = sum_j c_j E[id_j] with c_j = v_j / sum_j |v_j|: the
 * featurizer's values are token counts over one norm, so c_j is the token's share of the
 * text's tokens, exactly fastText's average over its input (unigrams and bigrams).
 */
export interface FastTextWeights {
  kind: "fasttext";
  dim: number;
  numClasses: number;
  embedDim: number;
  E: Float32Array;
  O: Float32Array;
}

/** 1 / sum_j |v_j| per row (0 for an empty row): the averaging weights' normaliser. */
export function rowInverseL1(x: SparseMatrix): Float32Array {
  const out = new Float32Array(x.n);
  for (let i = 0; i < x.n; i++) {
    let s = 0;
    const end = x.offsets[i + 1] ?? 0;
    for (let j = x.offsets[i] ?? 0; j < end; j++) s += Math.abs(x.values[j] ?? 0);
    out[i] = s > 0 ? 1 / s : 0;
  }
  return out;
}

/** hidden (length d) of row i: sum_j c_j E[id_j]. */
export function embedRow(
  E: Float32Array,
  d: number,
  x: SparseMatrix,
  i: number,
  invL1: number,
  out: Float64Array,
  at = 0,
): void {
  for (let k = 0; k < d; k++) out[at + k] = 0;
  const end = x.offsets[i + 1] ?? 0;
  for (let j = x.offsets[i] ?? 0; j < end; j++) {
    const c = (x.values[j] ?? 0) * invL1;
    const base = (x.ids[j] ?? 0) * d;
    for (let k = 0; k < d; k++) out[at + k] = (out[at + k] ?? 0) + c * (E[base + k] ?? 0);
  }
}

/** A trained fastText-like model, predicting in plain JavaScript (no tensors). */
export function createFastTextModel(w: FastTextWeights): TrainedModel {
  const K = w.numClasses;
  const d = w.embedDim;
  const predictProba = (x: SparseMatrix): Float32Array => {
    if (x.dim > w.dim) throw new Error(`model expects dim <= ${w.dim}, got ${x.dim}`);
    const out = new Float32Array(x.n * K);
    const inv = rowInverseL1(x);
    const h = new Float64Array(d);
    const logits = new Float64Array(K);
    for (let i = 0; i < x.n; i++) {
      embedRow(w.E, d, x, i, inv[i] ?? 0, h);
      let max = -Infinity;
      for (let k = 0; k < K; k++) {
        let s = 0;
        for (let u = 0; u < d; u++) s += (w.O[k * d + u] ?? 0) * (h[u] ?? 0);
        logits[k] = s;
        max = Math.max(max, s);
      }
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp((logits[k] ?? 0) - max);
      for (let k = 0; k < K; k++) out[i * K + k] = Math.exp((logits[k] ?? 0) - max) / sum;
    }
    return out;
  };
  return {
    kind: "fasttext",
    numClasses: K,
    predictProba,
    predict: (x) => argmaxRows(predictProba(x), K),
    toJSON: () => ({
      format: "concert-model/1",
      kind: "fasttext",
      dim: w.dim,
      numClasses: K,
      embedDim: d,
      E: toBase64(w.E),
      O: toBase64(w.O),
    }),
    dispose: () => {},
  };
}

// Float32 bytes as base64: exact, so a round trip gives identical predictions.
const f32 = z.string().transform((s) => fromBase64(s));
const fastTextJsonSchema = z.object({
  format: z.literal("concert-model/1"),
  kind: z.literal("fasttext"),
  dim: z.number().int().positive(),
  numClasses: z.number().int().min(2),
  embedDim: z.number().int().positive(),
  E: f32,
  O: f32,
});

/** Restore fastText-like weights from `toJSON()` output, checking the shapes. */
export function fastTextFromJSON(json: unknown): FastTextWeights {
  const j = fastTextJsonSchema.parse(json);
  if (j.E.length !== j.dim * j.embedDim) throw new Error("model JSON: E has the wrong size");
  if (j.O.length !== j.numClasses * j.embedDim) throw new Error("model JSON: O has the wrong size");
  return {
    kind: "fasttext",
    dim: j.dim,
    numClasses: j.numClasses,
    embedDim: j.embedDim,
    E: j.E,
    O: j.O,
  };
}

function toBase64(a: Float32Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
}

function fromBase64(s: string): Float32Array {
  const bytes = Buffer.from(s, "base64");
  // A fresh, aligned buffer: Buffer pools may start at odd offsets.
  const out = new Float32Array(Math.floor(bytes.length / 4));
  new Uint8Array(out.buffer).set(bytes.subarray(0, out.length * 4));
  return out;
}

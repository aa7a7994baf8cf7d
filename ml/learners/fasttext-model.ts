import { z } from "zod";
import type { SparseMatrix, TrainedModel } from "../types";
import { argmaxRows } from "./net-model";
import { embedInto } from "./fasttext-kernels";

/**
 * Trained weights of the `fasttext` learner: an input embedding table E [dim + 1, d] whose
 * last row is fastText's end-of-line token `</s>`, and a linear output layer O [K, d] (no
 * bias, as in fastText). A text's hidden vector is the mean of the embeddings of its tokens,
 * bigrams and `</s>`, the input fastText averages (see `rowAveraging`).
 */
export interface FastTextWeights {
  kind: "fasttext";
  dim: number;
  numClasses: number;
  embedDim: number;
  /** (dim + 1) * embedDim: row `dim` is `</s>`. */
  E: Float32Array;
  O: Float32Array;
}

/** Per-row averaging weights: c_j = v_j * inv for the row's entries, eos for `</s>`. */
export interface RowAveraging {
  inv: Float64Array;
  eos: Float64Array;
  /** Occurrences the row's values stand for (sum_j |v_j| / s): tokens plus bigrams. */
  occurrences: Float64Array;
}

/**
 * fastText appends `</s>` to every line and averages the embeddings of everything it reads:
 * words, word bigrams, `</s>`. The featurizer gives token counts times one scale s per text
 * (v_j = count_j * s), so the smallest |v_j| of a row is one occurrence, s; `</s>` counts
 * once, so inv = 1 / (sum_j |v_j| + s) and eos = s * inv. An empty row averages `</s>` alone
 * (as fastText on an empty line). Columns that are not text (categories, numbers) are
 * averaged as if their values were counts: fastText has no such inputs.
 * `</s>` is in every example, so it acts as the bias fastText's output layer lacks.
 */
export function rowAveraging(x: SparseMatrix): RowAveraging {
  const inv = new Float64Array(x.n);
  const eos = new Float64Array(x.n);
  const occurrences = new Float64Array(x.n);
  for (let i = 0; i < x.n; i++) {
    let sum = 0;
    let min = Infinity;
    const end = x.offsets[i + 1] ?? 0;
    for (let j = x.offsets[i] ?? 0; j < end; j++) {
      const a = Math.abs(x.values[j] ?? 0);
      sum += a;
      if (a > 0 && a < min) min = a;
    }
    if (sum > 0) {
      inv[i] = 1 / (sum + min);
      eos[i] = min / (sum + min);
      occurrences[i] = sum / min;
    } else {
      eos[i] = 1;
    }
  }
  return { inv, eos, occurrences };
}

/** hidden (length d) of row i: sum_j c_j E[id_j] + eos E[</s>], with `</s>` at row `eosRow`. */
export function embedRow(
  E: Float32Array,
  d: number,
  x: SparseMatrix,
  i: number,
  avg: RowAveraging,
  eosRow: number,
  out: Float64Array,
): void {
  const start = x.offsets[i] ?? 0;
  embedInto(E, d, x.ids, x.values, start, x.offsets[i + 1] ?? 0, avg.inv[i] ?? 0, out, 0);
  const ce = avg.eos[i] ?? 0;
  const e0 = eosRow * d;
  for (let k = 0; k < d; k++) out[k] = (out[k] ?? 0) + ce * (E[e0 + k] ?? 0);
}

/** A trained fastText-like model, predicting in plain JavaScript (no tensors). */
export function createFastTextModel(w: FastTextWeights): TrainedModel {
  const K = w.numClasses;
  const d = w.embedDim;
  const predictProba = (x: SparseMatrix): Float32Array => {
    if (x.dim > w.dim) throw new Error(`model expects dim <= ${w.dim}, got ${x.dim}`);
    const out = new Float32Array(x.n * K);
    const avg = rowAveraging(x);
    const h = new Float64Array(d);
    const logits = new Float64Array(K);
    for (let i = 0; i < x.n; i++) {
      embedRow(w.E, d, x, i, avg, w.dim, h);
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
  if (j.E.length !== (j.dim + 1) * j.embedDim)
    throw new Error("model JSON: E has the wrong size (dim + 1 rows, the last for </s>)");
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

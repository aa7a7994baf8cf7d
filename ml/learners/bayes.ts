import { z } from "zod";
import type { Dataset, SparseMatrix, TrainedModel, TrainOptions } from "../types";
import { createRng, deriveSeed, type Rng } from "../../core/random";
import { mixHash } from "../features/hashing";

/**
 * Key of a row as a feature vector: two independent 32-bit hashes of its (id, value)
 * pairs, sorted by id with repeats merged and zeros dropped, packed into one exact
 * 52-bit integer (collision odds ~n^2 / 2^53, negligible for proxy samples).
 */
export function rowKey(x: SparseMatrix, i: number): number {
  const start = x.offsets[i] ?? 0;
  const end = x.offsets[i + 1] ?? 0;
  const merged = new Map<number, number>();
  for (let j = start; j < end; j++) {
    const id = x.ids[j] ?? 0;
    merged.set(id, (merged.get(id) ?? 0) + (x.values[j] ?? 0));
  }
  const ids = [...merged.keys()].sort((a, b) => a - b);
  const bits = new Float32Array(1);
  const asInt = new Int32Array(bits.buffer);
  let h1 = 0x12345678;
  let h2 = 0x9abcdef0;
  for (const id of ids) {
    bits[0] = merged.get(id) ?? 0;
    if (bits[0] === 0) continue;
    const v = asInt[0] ?? 0;
    h1 = mixHash(mixHash(h1, id), v);
    h2 = mixHash(mixHash(h2, v), id ^ 0x5bd1e995);
  }
  return (h1 & 0xfffff) * 2 ** 32 + h2; // 20 + 32 bits: an exact integer in a double
}

interface Cell {
  counts: number[];
  label: number;
}

/** Most frequent class by (weighted) count, ties broken uniformly at random. */
function pickLabel(counts: readonly number[], rng: Rng): number {
  let max = -Infinity;
  for (const c of counts) max = Math.max(max, c);
  const tied = counts.flatMap((c, k) => (c === max ? [k] : []));
  return tied.length === 1 ? (tied[0] ?? 0) : (tied[rng.int(tied.length)] ?? 0);
}

/**
 * The plug-in (nonparametric Bayes) learner of the theory: for each distinct feature
 * vector, the most frequent training label (weighted by `opts.weights`), ties broken at
 * random by the seed at fit time; unseen vectors get the most frequent label overall.
 * predictProba returns the vector's empirical label frequencies (overall frequencies
 * when unseen); `predict` returns the fitted decision, which is the argmax of those
 * frequencies with the seeded tie-break.
 */
export function trainBayes(data: Dataset, opts: TrainOptions): TrainedModel {
  const K = data.classes.length;
  const rng = createRng(deriveSeed(opts.seed, "bayes-ties"));
  const cells = new Map<number, Cell>();
  const overall = new Array<number>(K).fill(0);
  for (let i = 0; i < data.x.n; i++) {
    const w = opts.weights?.[i] ?? 1;
    const k = data.y[i] ?? 0;
    const key = rowKey(data.x, i);
    let cell = cells.get(key);
    if (cell === undefined) {
      cell = { counts: new Array<number>(K).fill(0), label: 0 };
      cells.set(key, cell);
    }
    cell.counts[k] = (cell.counts[k] ?? 0) + w;
    overall[k] = (overall[k] ?? 0) + w;
  }
  // Ties are drawn in key order, so the draw does not depend on row order.
  const keys = [...cells.keys()].sort((a, b) => a - b);
  for (const key of keys) {
    const cell = cells.get(key);
    if (cell !== undefined) cell.label = pickLabel(cell.counts, rng);
  }
  return createBayesModel({ numClasses: K, fallback: pickLabel(overall, rng), overall, cells });
}

interface BayesState {
  numClasses: number;
  fallback: number;
  overall: number[];
  cells: Map<number, Cell>;
}

const bayesJsonSchema = z.object({
  format: z.literal("concert-model/1"),
  kind: z.literal("bayes"),
  numClasses: z.number().int().min(2),
  fallback: z.number().int().min(0),
  overall: z.array(z.number()),
  cells: z.array(z.tuple([z.number(), z.number().int(), z.array(z.number())])),
});

/** Restore a bayes model from its `toJSON()` output. */
export function bayesFromJSON(json: unknown): TrainedModel {
  const j = bayesJsonSchema.parse(json);
  const cells = new Map<number, Cell>(
    j.cells.map(([key, label, counts]) => [key, { label, counts }]),
  );
  return createBayesModel({
    numClasses: j.numClasses,
    fallback: j.fallback,
    overall: j.overall,
    cells,
  });
}

function createBayesModel(s: BayesState): TrainedModel {
  const K = s.numClasses;
  const total = s.overall.reduce((a, b) => a + b, 0);
  const predictProba = (x: SparseMatrix) => {
    const out = new Float32Array(x.n * K);
    for (let i = 0; i < x.n; i++) {
      const cell = s.cells.get(rowKey(x, i));
      const counts = cell?.counts ?? s.overall;
      const sum = cell !== undefined ? counts.reduce((a, b) => a + b, 0) : total;
      for (let k = 0; k < K; k++) out[i * K + k] = sum > 0 ? (counts[k] ?? 0) / sum : 1 / K;
    }
    return out;
  };
  return {
    kind: "bayes",
    numClasses: K,
    predictProba,
    predict: (x) => {
      const out = new Int32Array(x.n);
      for (let i = 0; i < x.n; i++) out[i] = s.cells.get(rowKey(x, i))?.label ?? s.fallback;
      return out;
    },
    toJSON: () => ({
      format: "concert-model/1",
      kind: "bayes",
      numClasses: K,
      fallback: s.fallback,
      overall: s.overall,
      cells: [...s.cells.entries()].map(([key, c]) => [key, c.label, c.counts]),
    }),
    dispose: () => {},
  };
}

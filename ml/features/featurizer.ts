import { z } from "zod";
import { dataSchemaSchema } from "../data/schema";
import type { DataSchema, Row, SparseMatrix } from "../types";
import { hashText } from "./hashing";
import { SparseBuilder } from "./sparse-builder";

/** Default number of hash buckets for text unigrams + bigrams (2^18, as in fastText-sized setups). */
export const DEFAULT_BUCKETS = 1 << 18;

export interface Featurizer {
  /** Learn categorical vocabularies and numeric mean/std from training rows. */
  fit(rows: Row[]): void;
  /** Sparse CSR features; ids within a row are unique and sorted. */
  transform(rows: Row[]): SparseMatrix;
  /** Size of the id space: buckets + categorical ids + numeric columns. */
  readonly dim: number;
  toJSON(): unknown;
}

const stateSchema = z.object({
  format: z.literal("concert-featurizer/1"),
  schema: dataSchemaSchema,
  buckets: z.number().int().positive(),
  categories: z.array(z.array(z.string())),
  numericStats: z.array(z.object({ mean: z.number(), std: z.number().positive() })),
});
type State = z.infer<typeof stateSchema>;

/**
 * A featurizer for a schema. Layout of the id space:
 * [0, buckets) hashed text unigrams+bigrams | per categorical column: one id per value
 * seen at fit, then one "unknown" id | one id per numeric column.
 *
 * Text values are token counts scaled so each text field's vector has unit L2 norm.
 * Why L2 rather than 1/len: e-mails range from ten to thousands of tokens; unit norm keeps
 * logits on one scale whatever the length (so one learning rate fits all data sets), and
 * bounds ||x|| by sqrt(#fields + #categorical + ...), which DP-SGD's clipping relies on.
 * Unlike a mean (1/len), it does not drown a repeated planted token in a long text.
 */
export function createFeaturizer(schema: DataSchema, opts: { buckets?: number } = {}): Featurizer {
  const buckets = opts.buckets ?? DEFAULT_BUCKETS;
  if (!Number.isInteger(buckets) || buckets < 1)
    throw new Error(`buckets must be a positive integer, got ${buckets}`);
  return fromState(
    { format: "concert-featurizer/1", schema, buckets, categories: [], numericStats: [] },
    false,
  );
}

/** Restore a featurizer saved with `toJSON()`. */
export function loadFeaturizer(json: unknown): Featurizer {
  return fromState(stateSchema.parse(json), true);
}

function fromState(initial: State, fitted: boolean): Featurizer {
  let state = initial;
  let isFitted = fitted;
  let catIndex: Map<string, number>[] = [];
  let catBase: number[] = [];
  let numBase = 0;
  let dim = 0;

  const layout = () => {
    catIndex = state.categories.map((values) => new Map(values.map((v, i) => [v, i])));
    let next = state.buckets;
    catBase = state.categories.map((values) => {
      const base = next;
      next += values.length + 1; // +1: the column's "unknown" id
      return base;
    });
    numBase = next;
    dim = next + state.schema.numeric.length;
  };
  layout();

  return {
    get dim() {
      if (!isFitted) throw new Error("featurizer: call fit() before reading dim");
      return dim;
    },
    fit(rows) {
      const { categorical, numeric } = state.schema;
      // Sorted vocabularies make ids independent of row order.
      const categories = categorical.map((c) =>
        [...new Set(rows.map((r) => (r[c] ?? "").trim()))].sort(),
      );
      const numericStats = numeric.map((c) => {
        let sum = 0;
        let sumSq = 0;
        let count = 0;
        for (const r of rows) {
          const v = Number((r[c] ?? "").trim());
          if (!Number.isFinite(v)) continue;
          sum += v;
          sumSq += v * v;
          count++;
        }
        const mean = count > 0 ? sum / count : 0;
        const variance = count > 1 ? Math.max(0, sumSq / count - mean * mean) : 0;
        // A constant column gets std 1 so it maps to 0 instead of dividing by zero.
        const std = Math.sqrt(variance) > 1e-12 ? Math.sqrt(variance) : 1;
        return { mean, std };
      });
      state = { ...state, categories, numericStats };
      isFitted = true;
      layout();
    },
    transform(rows) {
      if (!isFitted) throw new Error("featurizer: call fit() before transform()");
      return transformRows(rows, state, catIndex, catBase, numBase, dim);
    },
    toJSON() {
      if (!isFitted) throw new Error("featurizer: call fit() before toJSON()");
      return state;
    },
  };
}

function transformRows(
  rows: Row[],
  state: State,
  catIndex: Map<string, number>[],
  catBase: number[],
  numBase: number,
  dim: number,
): SparseMatrix {
  const { schema, buckets } = state;
  const builder = new SparseBuilder(rows.length, dim, rows.length * 64);
  // Dense scratch over the buckets, reset through the `touched` lists: O(tokens) per row,
  // no per-row Map. `counts` holds one field's counts, `acc` the row's scaled sum over
  // fields (different fields can collide in a bucket). 32-bit arrays: half the cache misses.
  const counts = new Int32Array(buckets);
  const acc = new Float32Array(buckets);
  let fieldTouched: Int32Array = new Int32Array(1024);
  let rowTouched: Int32Array = new Int32Array(1024);
  let nField = 0;
  let nRow = 0;
  const add = (id: number) => {
    if (counts[id] === 0) {
      if (nField === fieldTouched.length) fieldTouched = grow(fieldTouched);
      fieldTouched[nField++] = id;
    }
    counts[id] = (counts[id] ?? 0) + 1;
  };

  for (const row of rows) {
    nRow = 0;
    schema.text.forEach((column, field) => {
      nField = 0;
      hashText(row[column] ?? "", buckets, field, add);
      let sumSq = 0;
      for (let k = 0; k < nField; k++) sumSq += (counts[fieldTouched[k] ?? 0] ?? 0) ** 2;
      const scale = sumSq > 0 ? 1 / Math.sqrt(sumSq) : 0;
      for (let k = 0; k < nField; k++) {
        const id = fieldTouched[k] ?? 0;
        if (acc[id] === 0) {
          if (nRow === rowTouched.length) rowTouched = grow(rowTouched);
          rowTouched[nRow++] = id;
        }
        acc[id] = (acc[id] ?? 0) + (counts[id] ?? 0) * scale;
        counts[id] = 0;
      }
    });
    // Typed-array sort is numeric and native: far faster than Array#sort with a comparator.
    const sorted = rowTouched.subarray(0, nRow).sort();
    for (const id of sorted) {
      builder.push(id, acc[id] ?? 0);
      acc[id] = 0;
    }
    schema.categorical.forEach((column, c) => {
      const index = catIndex[c]?.get((row[column] ?? "").trim());
      const size = state.categories[c]?.length ?? 0;
      builder.push((catBase[c] ?? 0) + (index ?? size), 1);
    });
    schema.numeric.forEach((column, j) => {
      const stats = state.numericStats[j];
      const v = Number((row[column] ?? "").trim());
      if (stats === undefined || !Number.isFinite(v)) return; // missing -> the mean, i.e. 0
      const z = (v - stats.mean) / stats.std;
      if (z !== 0) builder.push(numBase + j, z);
    });
    builder.endRow();
  }
  return builder.build();
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * Featurising every row for every run dominated short runs (tokenising ~6k e-mails ~0.6 s).
 * The featurizer's fitted state (categorical vocabularies, numeric stats) decides the
 * features of an unmodified row, so rows are transformed once per distinct fitted state and
 * runs gather their training and test matrices from that cache; only the collective's
 * modified rows and the signalled test rows are transformed per run. The numbers are the
 * same as transforming every row afresh.
 */
import type { Row, SparseMatrix } from "../types";
import type { Featurizer } from "../features";

/** A row of a matrix, to gather from. */
export interface RowRef {
  matrix: SparseMatrix;
  row: number;
}

/** Build a CSR matrix from rows of other matrices (same id space). */
export function gatherRows(refs: readonly RowRef[], dim: number): SparseMatrix {
  let nnz = 0;
  for (const r of refs) nnz += (r.matrix.offsets[r.row + 1] ?? 0) - (r.matrix.offsets[r.row] ?? 0);
  const offsets = new Int32Array(refs.length + 1);
  const ids = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let at = 0;
  refs.forEach((r, k) => {
    const start = r.matrix.offsets[r.row] ?? 0;
    const end = r.matrix.offsets[r.row + 1] ?? 0;
    ids.set(r.matrix.ids.subarray(start, end), at);
    values.set(r.matrix.values.subarray(start, end), at);
    at += end - start;
    offsets[k + 1] = at;
  });
  return { n: refs.length, dim, offsets, ids, values };
}

/** Per-process cache of whole-table feature matrices, keyed by the featurizer's fitted state. */
export class FeatureCache {
  private readonly tables = new Map<string, SparseMatrix>();
  private readonly extras = new Map<string, SparseMatrix>();

  constructor(private readonly limit = 3) {}

  /** The fitted-state key of a featurizer (its JSON). */
  static keyOf(featurizer: Featurizer): string {
    return JSON.stringify(featurizer.toJSON());
  }

  /** Seed the cache with a table matrix computed elsewhere (the pool's main thread). */
  seed(key: string, m: SparseMatrix): void {
    this.remember(this.tables, key, m);
  }

  /** All table rows transformed under this fitted state. */
  table(key: string, featurizer: Featurizer, rows: readonly Row[]): SparseMatrix {
    let m = this.tables.get(key);
    if (m === undefined) {
      m = featurizer.transform(rows.slice());
      this.remember(this.tables, key, m);
    }
    return m;
  }

  /** Any other matrix that is a pure function of (fitted state, extraKey), e.g. signalled test rows. */
  extra(key: string, extraKey: string, make: () => SparseMatrix): SparseMatrix {
    const k = `${extraKey}\u0000${key}`;
    let m = this.extras.get(k);
    if (m === undefined) {
      m = make();
      this.remember(this.extras, k, m);
    }
    return m;
  }

  private remember(map: Map<string, SparseMatrix>, key: string, m: SparseMatrix): void {
    map.set(key, m);
    // Oldest first: Map keeps insertion order. Bounded so numeric-stat keys (one per seed) do not pile up.
    while (map.size > this.limit * 4) {
      const oldest = map.keys().next().value;
      if (oldest === undefined) break;
      map.delete(oldest);
    }
    if (map === this.tables) {
      while (map.size > this.limit) {
        const oldest = map.keys().next().value;
        if (oldest === undefined) break;
        map.delete(oldest);
      }
    }
  }
}

/**
 * When the featurizer's fitted state cannot depend on the rows (text columns only: hashing
 * needs no vocabulary), the whole-table matrix is the same in every run and every worker.
 * Returns it with its key, or undefined when runs must compute their own.
 */
export function sharedTableFeatures(
  featurizer: Featurizer,
  schema: { categorical: readonly string[]; numeric: readonly string[] },
  rows: readonly Row[],
): { key: string; matrix: SparseMatrix } | undefined {
  if (schema.categorical.length > 0 || schema.numeric.length > 0) return undefined;
  featurizer.fit([]);
  return { key: FeatureCache.keyOf(featurizer), matrix: featurizer.transform(rows.slice()) };
}

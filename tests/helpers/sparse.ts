import type { SparseMatrix } from "@/ml/types";

// Small learner fixtures shared by the learner tests.

export function accuracy(pred: Int32Array, y: Int32Array): number {
  let ok = 0;
  pred.forEach((p, i) => {
    if (p === y[i]) ok++;
  });
  return ok / y.length;
}

/** A small CSR from dense rows (zeros skipped). */
export function csr(rows: number[][], dim: number): SparseMatrix {
  const ids: number[] = [];
  const values: number[] = [];
  const offsets = [0];
  for (const r of rows) {
    r.forEach((v, j) => {
      if (v !== 0) {
        ids.push(j);
        values.push(v);
      }
    });
    offsets.push(ids.length);
  }
  return {
    n: rows.length,
    dim,
    offsets: Int32Array.from(offsets),
    ids: Int32Array.from(ids),
    values: Float32Array.from(values),
  };
}

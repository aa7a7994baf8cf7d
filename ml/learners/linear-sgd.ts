import type { SparseMatrix } from "../types";

/**
 * One minibatch SGD step of softmax regression, in place on row-major W [dim, K] and b,
 * reading rows straight from the CSR. Equal to the generic path (gather, closed-form
 * gradient, update): the batch's output errors are all computed before any weight moves,
 * and the weight gradient is linear in them. It skips the batch copy, the renumbering
 * and the gradient buffer, which were ~75% of linear training time (fastText likewise
 * updates its sparse rows in place).
 * `scale[r]` multiplies row r's loss (weight / normaliser); `err` is scratch of B*K.
 */
export function linearSgdStep(
  W: Float32Array,
  b: Float32Array,
  K: number,
  x: SparseMatrix,
  rows: readonly number[],
  y: Int32Array,
  scale: Float32Array,
  lr: number,
  err: Float64Array,
): void {
  const { offsets, ids, values } = x;
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r] ?? 0;
    const start = offsets[i] ?? 0;
    const end = offsets[i + 1] ?? 0;
    const e = r * K;
    for (let k = 0; k < K; k++) err[e + k] = b[k] ?? 0;
    for (let j = start; j < end; j++) {
      const base = (ids[j] ?? 0) * K;
      const v = values[j] ?? 0;
      for (let k = 0; k < K; k++) err[e + k] = (err[e + k] ?? 0) + v * (W[base + k] ?? 0);
    }
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, err[e + k] ?? 0);
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const p = Math.exp((err[e + k] ?? 0) - max);
      err[e + k] = p;
      sum += p;
    }
    const s = scale[r] ?? 0;
    const yk = y[i] ?? 0;
    for (let k = 0; k < K; k++) err[e + k] = ((err[e + k] ?? 0) / sum - (k === yk ? 1 : 0)) * s;
  }
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r] ?? 0;
    const end = offsets[i + 1] ?? 0;
    const e = r * K;
    for (let j = offsets[i] ?? 0; j < end; j++) {
      const base = (ids[j] ?? 0) * K;
      const step = lr * (values[j] ?? 0);
      for (let k = 0; k < K; k++) W[base + k] = (W[base + k] ?? 0) - step * (err[e + k] ?? 0);
    }
    for (let k = 0; k < K; k++) b[k] = (b[k] ?? 0) - lr * (err[e + k] ?? 0);
  }
}

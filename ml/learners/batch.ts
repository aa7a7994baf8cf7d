import type { SparseMatrix } from "../types";

/** A minibatch in flat form: entry j belongs to batch row seg[j]. */
export interface FlatBatch {
  rows: number;
  ids: Int32Array;
  values: Float32Array;
  seg: Int32Array;
}

/**
 * Copy the chosen rows of a CSR matrix into flat typed arrays. Building batches from
 * typed-array subarrays costs ~0.15 ms on wasm, against ~21 ms for tf.slice of a tensor.
 */
export function gatherBatch(x: SparseMatrix, rowIndex: ArrayLike<number>): FlatBatch {
  let nnz = 0;
  for (let r = 0; r < rowIndex.length; r++) {
    const i = rowIndex[r] ?? 0;
    nnz += (x.offsets[i + 1] ?? 0) - (x.offsets[i] ?? 0);
  }
  const ids = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  const seg = new Int32Array(nnz);
  let at = 0;
  for (let r = 0; r < rowIndex.length; r++) {
    const i = rowIndex[r] ?? 0;
    const start = x.offsets[i] ?? 0;
    const end = x.offsets[i + 1] ?? 0;
    ids.set(x.ids.subarray(start, end), at);
    values.set(x.values.subarray(start, end), at);
    seg.fill(r, at, at + end - start);
    at += end - start;
  }
  return { rows: rowIndex.length, ids, values, seg };
}

/**
 * `gatherBatch` fused with renumbering the batch's feature ids to 0..u-1 in first-seen
 * order (one pass instead of two). `map` is a reusable dim-sized Int32Array filled with
 * -1, restored before returning. `touched[l]` is the global id of local id l.
 */
export function gatherLocalBatch(
  x: SparseMatrix,
  rowIndex: ArrayLike<number>,
  map: Int32Array,
): { batch: FlatBatch; touched: Int32Array } {
  let nnz = 0;
  for (let r = 0; r < rowIndex.length; r++) {
    const i = rowIndex[r] ?? 0;
    nnz += (x.offsets[i + 1] ?? 0) - (x.offsets[i] ?? 0);
  }
  const ids = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  const seg = new Int32Array(nnz);
  const touchedAll = new Int32Array(nnz);
  let u = 0;
  let at = 0;
  for (let r = 0; r < rowIndex.length; r++) {
    const i = rowIndex[r] ?? 0;
    const end = x.offsets[i + 1] ?? 0;
    for (let j = x.offsets[i] ?? 0; j < end; j++, at++) {
      const id = x.ids[j] ?? 0;
      let l = map[id] ?? -1;
      if (l < 0) {
        l = u++;
        map[id] = l;
        touchedAll[l] = id;
      }
      ids[at] = l;
      values[at] = x.values[j] ?? 0;
      seg[at] = r;
    }
  }
  const touched = touchedAll.slice(0, u);
  for (let l = 0; l < u; l++) map[touched[l] ?? 0] = -1;
  return { batch: { rows: rowIndex.length, ids, values, seg }, touched };
}

/**
 * Squared L2 norm of each row as a vector, merging repeated ids first: the per-example
 * gradient norms of DP-SGD depend on the merged vector, and a CSR from elsewhere may
 * repeat an id within a row.
 */
export function rowSquaredNorms(x: SparseMatrix): Float32Array {
  const out = new Float32Array(x.n);
  const acc = new Float64Array(x.dim);
  for (let i = 0; i < x.n; i++) {
    const start = x.offsets[i] ?? 0;
    const end = x.offsets[i + 1] ?? 0;
    for (let j = start; j < end; j++) {
      const id = x.ids[j] ?? 0;
      acc[id] = (acc[id] ?? 0) + (x.values[j] ?? 0);
    }
    let s = 0;
    for (let j = start; j < end; j++) {
      const id = x.ids[j] ?? 0;
      const v = acc[id] ?? 0;
      s += v * v;
      acc[id] = 0; // zeroed on first visit, so a repeated id counts once
    }
    out[i] = s;
  }
  return out;
}

/** Check a SparseMatrix's invariants once, before training on it. */
export function assertSparse(x: SparseMatrix): void {
  if (x.offsets.length !== x.n + 1)
    throw new Error(`offsets has ${x.offsets.length} entries, expected n+1 = ${x.n + 1}`);
  const nnz = x.offsets[x.n] ?? 0;
  if (x.ids.length < nnz || x.values.length < nnz)
    throw new Error("ids/values shorter than offsets[n]");
  for (let j = 0; j < nnz; j++) {
    const id = x.ids[j] ?? -1;
    if (id < 0 || id >= x.dim) throw new Error(`feature id ${id} outside [0, ${x.dim})`);
  }
}

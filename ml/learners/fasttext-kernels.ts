/**
 * The fasttext learner's inner loops over typed arrays: embedding a text (a weighted sum of
 * embedding rows), adding a gradient to those rows, and the seeded uniform initialisation.
 */

// The two hot loops as plain functions of typed arrays (monomorphic, no closure state):
// they are ~all of the training time, 2 * nnz * d multiply-adds per example.

/** out[at..at+d) = c0 * sum_j values[j] * E[ids[j]] over entries [start, end). */
export function embedInto(
  E: Float32Array,
  d: number,
  ids: Int32Array,
  values: Float32Array,
  start: number,
  end: number,
  c0: number,
  out: Float64Array,
  at: number,
): void {
  if (d % 8 !== 0) {
    for (let u = 0; u < d; u++) out[at + u] = 0;
    for (let j = start; j < end; j++) {
      const c = c0 * (values[j] ?? 0);
      const base = (ids[j] ?? 0) * d;
      for (let u = 0; u < d; u++) out[at + u] = (out[at + u] ?? 0) + c * (E[base + u] ?? 0);
    }
    return;
  }
  // Eight columns at a time in locals: a read-modify-write of `out` per multiply-add
  // was measured ~2x slower (the rows of one text stay in L1 across the passes).
  for (let u = 0; u < d; u += 8) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let s5 = 0;
    let s6 = 0;
    let s7 = 0;
    for (let j = start; j < end; j++) {
      const c = c0 * (values[j] ?? 0);
      const b = (ids[j] ?? 0) * d + u;
      s0 += c * (E[b] ?? 0);
      s1 += c * (E[b + 1] ?? 0);
      s2 += c * (E[b + 2] ?? 0);
      s3 += c * (E[b + 3] ?? 0);
      s4 += c * (E[b + 4] ?? 0);
      s5 += c * (E[b + 5] ?? 0);
      s6 += c * (E[b + 6] ?? 0);
      s7 += c * (E[b + 7] ?? 0);
    }
    const o = at + u;
    out[o] = s0;
    out[o + 1] = s1;
    out[o + 2] = s2;
    out[o + 3] = s3;
    out[o + 4] = s4;
    out[o + 5] = s5;
    out[o + 6] = s6;
    out[o + 7] = s7;
  }
}

/** E[ids[j]] += c0 * values[j] * g[at..at+d) over entries [start, end). */
export function addToRows(
  E: Float32Array,
  d: number,
  ids: Int32Array,
  values: Float32Array,
  start: number,
  end: number,
  c0: number,
  g: Float64Array,
  at: number,
): void {
  if (d % 8 !== 0) {
    for (let j = start; j < end; j++) {
      const c = c0 * (values[j] ?? 0);
      const base = (ids[j] ?? 0) * d;
      for (let u = 0; u < d; u++) E[base + u] = (E[base + u] ?? 0) + c * (g[at + u] ?? 0);
    }
    return;
  }
  for (let u = 0; u < d; u += 8) {
    const o = at + u;
    const g0 = c0 * (g[o] ?? 0);
    const g1 = c0 * (g[o + 1] ?? 0);
    const g2 = c0 * (g[o + 2] ?? 0);
    const g3 = c0 * (g[o + 3] ?? 0);
    const g4 = c0 * (g[o + 4] ?? 0);
    const g5 = c0 * (g[o + 5] ?? 0);
    const g6 = c0 * (g[o + 6] ?? 0);
    const g7 = c0 * (g[o + 7] ?? 0);
    for (let j = start; j < end; j++) {
      const v = values[j] ?? 0;
      const b = (ids[j] ?? 0) * d + u;
      E[b] = (E[b] ?? 0) + v * g0;
      E[b + 1] = (E[b + 1] ?? 0) + v * g1;
      E[b + 2] = (E[b + 2] ?? 0) + v * g2;
      E[b + 3] = (E[b + 3] ?? 0) + v * g3;
      E[b + 4] = (E[b + 4] ?? 0) + v * g4;
      E[b + 5] = (E[b + 5] ?? 0) + v * g5;
      E[b + 6] = (E[b + 6] ?? 0) + v * g6;
      E[b + 7] = (E[b + 7] ?? 0) + v * g7;
    }
  }
}

/** a[k] = scale * U(-1, 1), seeded (mulberry32 inline: 4.2M draws for a 2^18 x 16 table). */
export function fillUniform(a: Float32Array, seed: number, scale: number): void {
  let s = seed >>> 0;
  for (let k = 0; k < a.length; k++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    a[k] = scale * ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1);
  }
}

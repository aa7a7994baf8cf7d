/**
 * The few dense operations the steering engine needs, on Float64Array. Dimensions are small
 * (a handful of numeric fields plus the intercept), so plain loops beat any library.
 */

/** a · b over the first `n` entries (default: a's length). */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>, n = a.length): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}

/** Row `i` of a row-major matrix with `d` columns, dotted with `v`. */
export function rowDot(m: Float64Array, i: number, d: number, v: ArrayLike<number>): number {
  let s = 0;
  const o = i * d;
  for (let j = 0; j < d; j++) s += (m[o + j] ?? 0) * (v[j] ?? 0);
  return s;
}

export function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

export function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += ((a[i] ?? 0) - (b[i] ?? 0)) ** 2;
  return Math.sqrt(s);
}

/**
 * Solve A x = b for a d×d matrix (row-major), by Gaussian elimination with partial pivoting.
 * Returns null when A is singular to working precision (the caller decides what that means:
 * a rank-deficient design, or a direction the data cannot pin down).
 */
export function solveLinear(a: Float64Array, b: Float64Array, d: number): Float64Array | null {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  let scale = 0;
  for (let i = 0; i < d * d; i++) scale = Math.max(scale, Math.abs(m[i] ?? 0));
  const tiny = Math.max(scale, 1e-300) * 1e-13;
  for (let col = 0; col < d; col++) {
    let pivot = col;
    for (let r = col + 1; r < d; r++)
      if (Math.abs(m[r * d + col] ?? 0) > Math.abs(m[pivot * d + col] ?? 0)) pivot = r;
    const p = m[pivot * d + col] ?? 0;
    if (Math.abs(p) <= tiny) return null;
    if (pivot !== col) {
      for (let j = 0; j < d; j++) {
        const t = m[col * d + j] ?? 0;
        m[col * d + j] = m[pivot * d + j] ?? 0;
        m[pivot * d + j] = t;
      }
      const t = x[col] ?? 0;
      x[col] = x[pivot] ?? 0;
      x[pivot] = t;
    }
    for (let r = col + 1; r < d; r++) {
      const f = (m[r * d + col] ?? 0) / p;
      if (f === 0) continue;
      for (let j = col; j < d; j++) m[r * d + j] = (m[r * d + j] ?? 0) - f * (m[col * d + j] ?? 0);
      x[r] = (x[r] ?? 0) - f * (x[col] ?? 0);
    }
  }
  for (let r = d - 1; r >= 0; r--) {
    let s = x[r] ?? 0;
    for (let j = r + 1; j < d; j++) s -= (m[r * d + j] ?? 0) * (x[j] ?? 0);
    x[r] = s / (m[r * d + r] ?? 1);
  }
  return x;
}

/**
 * Largest eigenvalue of a symmetric positive semi-definite d×d matrix (power iteration). Used
 * to pick a stable SGD step in the data's own units without rescaling the data.
 */
export function largestEigenvalue(a: Float64Array, d: number, iterations = 100): number {
  let v = new Float64Array(d).fill(1 / Math.sqrt(d));
  let lambda = 0;
  for (let it = 0; it < iterations; it++) {
    const w = new Float64Array(d);
    for (let i = 0; i < d; i++) w[i] = rowDot(a, i, d, v);
    const n = norm(w);
    if (n === 0) return 0;
    for (let i = 0; i < d; i++) w[i] = (w[i] ?? 0) / n;
    if (Math.abs(n - lambda) <= 1e-10 * n) return n;
    lambda = n;
    v = w;
  }
  return lambda;
}

/** The inverse of a d×d matrix, or null when it is singular. */
export function inverse(a: Float64Array, d: number): Float64Array | null {
  const out = new Float64Array(d * d);
  for (let c = 0; c < d; c++) {
    const e = new Float64Array(d);
    e[c] = 1;
    const col = solveLinear(a, e, d);
    if (col === null) return null;
    for (let r = 0; r < d; r++) out[r * d + c] = col[r] ?? 0;
  }
  return out;
}

/** A v for a d×d row-major A; the identity when A is null. */
export function matVec(a: Float64Array | null, v: ArrayLike<number>): Float64Array {
  const d = v.length;
  if (a === null) return Float64Array.from(v);
  const out = new Float64Array(d);
  for (let i = 0; i < d; i++) out[i] = rowDot(a, i, d, v);
  return out;
}

/** A^T v for a d×d row-major A; the identity when A is null. */
export function matTVec(a: Float64Array | null, v: ArrayLike<number>): Float64Array {
  const d = v.length;
  if (a === null) return Float64Array.from(v);
  const out = new Float64Array(d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) out[j] = (out[j] ?? 0) + (a[i * d + j] ?? 0) * (v[i] ?? 0);
  return out;
}

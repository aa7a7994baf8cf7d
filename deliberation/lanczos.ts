/**
 * The largest eigenvalue (and, when asked, its eigenvector) of a symmetric positive
 * semi-definite operator by the Lanczos method with full reorthogonalisation.
 *
 * Why Lanczos rather than power iteration: power iteration needs about
 * log(1/tolerance) / log(lambda1 / lambda2) products, hundreds when the two leading variances
 * are close (three equal opinion groups make them almost equal), while Lanczos' Krylov
 * space converges at a rate set by the square root of the gap. Full reorthogonalisation
 * costs 2 x steps x p per step, small beside one product, and keeps the basis orthonormal
 * so that no spurious copies of converged values appear.
 *
 * The operator is a callback, so one routine serves the p x p covariance of the real votes
 * and the n x p permuted votes of the null test, where the caller may stop as soon as the
 * (always lower) Ritz value has settled what it needs.
 */
import { largestEigenvalue, tridiagonalEigenvector } from "./tridiagonal";

/** out = A x for a symmetric positive semi-definite p x p operator A. */
export type Operator = (x: Float64Array, out: Float64Array) => void;

/** Options for {@link lanczosTop}. */
export interface LanczosOptions {
  /** Start vector (any length-p vector, not all zero); a random one makes the method reliable. */
  start: Float64Array;
  /** Orthonormal vectors to stay orthogonal to: the operator is deflated on their span. */
  previous?: readonly Float64Array[];
  /** Return the eigenvector as well. Default false. */
  wantVector?: boolean;
  /**
   * Stop when the Ritz residual ||A y - theta y|| is at most this times the operator's norm
   * (estimated from the run). Default 1e-11, for loadings; a value needs far less.
   */
  tolerance?: number;
  /**
   * Called after each step with the largest Ritz value (a lower bound of the largest
   * eigenvalue, rising with every step) and the Krylov dimension; true stops the run.
   */
  shouldStop?: (ritzValue: number, steps: number) => boolean;
}

/** The outcome of {@link lanczosTop}. */
export interface LanczosResult {
  /** Largest Ritz value: the largest eigenvalue once converged or exhausted. */
  value: number;
  /** Unit eigenvector (only with wantVector). */
  vector: Float64Array | null;
  /** Krylov dimension reached (operator products made). */
  steps: number;
  /** True when the Krylov space became invariant, so the value is exact (up to rounding). */
  isExhausted: boolean;
  /** True when the residual met the tolerance. */
  isConverged: boolean;
}

/**
 * Largest eigenpair of `apply` restricted to the complement of `previous`. Stops when the
 * Ritz residual meets the tolerance, the Krylov space is exhausted, or `shouldStop` says so.
 */
export function lanczosTop(apply: Operator, p: number, options: LanczosOptions): LanczosResult {
  const previous = options.previous ?? [];
  const tolerance = options.tolerance ?? 1e-11;
  const maxSteps = Math.max(0, p - previous.length);
  // Grown by doubling: the null test's copies stop after about ten steps, and a full p x p
  // basis per copy would be mostly garbage.
  let basis = new Float64Array(Math.max(1, Math.min(maxSteps, 16)) * p);
  const alpha = new Float64Array(maxSteps);
  const beta = new Float64Array(maxSteps);
  const q = options.start.slice();
  const w = new Float64Array(p);
  orthogonalise(q, previous);
  let norm = normalise(q);
  const empty = { value: 0, steps: 0, isExhausted: true, isConverged: true };
  if (maxSteps === 0 || norm === 0) return { ...empty, vector: options.wantVector ? q : null };
  let scale = 0;
  let value = 0;
  for (let m = 0; m < maxSteps; m++) {
    if ((m + 1) * p > basis.length) {
      const grown = new Float64Array(Math.min(maxSteps, 2 * m) * p);
      grown.set(basis);
      basis = grown;
    }
    basis.set(q, m * p);
    apply(q, w);
    orthogonalise(w, previous);
    const a = dot(q, w);
    alpha[m] = a;
    axpy(-a, q, w);
    if (m > 0) axpyRow(-(beta[m - 1] ?? 0), basis, (m - 1) * p, w);
    // Twice is enough (Kahan, Parlett): one pass of Gram-Schmidt can leave a component of
    // the size of the rounding error times the condition, the second removes it.
    for (let pass = 0; pass < 2; pass++) {
      for (let j = 0; j <= m; j++) axpyRow(-dotRow(basis, j * p, w), basis, j * p, w);
      orthogonalise(w, previous);
    }
    norm = Math.sqrt(dot(w, w));
    scale = Math.max(scale, Math.abs(a) + norm + (m > 0 ? (beta[m - 1] ?? 0) : 0));
    const steps = m + 1;
    value = largestEigenvalue(alpha, beta, steps);
    const isExhausted = norm <= 1e-13 * scale || steps === maxSteps;
    const ritz = tridiagonalEigenvector(alpha, beta, steps, value);
    // |beta_m * s_m| is the norm of A y - theta y for the Ritz vector y = Q s, and bounds
    // the distance from theta to an eigenvalue.
    const isConverged = isExhausted || norm * Math.abs(ritz[steps - 1] ?? 0) <= tolerance * scale;
    if (isConverged || options.shouldStop?.(value, steps)) {
      const vector = options.wantVector ? combine(basis, ritz, steps, p) : null;
      return { value: Math.max(0, value), vector, steps, isExhausted, isConverged };
    }
    beta[m] = norm;
    for (let j = 0; j < p; j++) q[j] = (w[j] ?? 0) / norm;
  }
  // Not reached: the last step is always exhausted.
  return {
    value: Math.max(0, value),
    vector: null,
    steps: maxSteps,
    isExhausted: true,
    isConverged: true,
  };
}

/** y = Q s, normalised (the Ritz vector). */
function combine(basis: Float64Array, s: Float64Array, steps: number, p: number): Float64Array {
  const y = new Float64Array(p);
  for (let m = 0; m < steps; m++) axpyRow(s[m] ?? 0, basis, m * p, y);
  normalise(y);
  return y;
}

function orthogonalise(v: Float64Array, basis: readonly Float64Array[]): void {
  for (const b of basis) axpy(-dot(v, b), b, v);
}

function normalise(v: Float64Array): number {
  const norm = Math.sqrt(dot(v, v));
  if (norm < 1e-300) {
    v.fill(0);
    return 0;
  }
  for (let j = 0; j < v.length; j++) v[j] = (v[j] ?? 0) / norm;
  return norm;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] ?? 0) * (b[j] ?? 0);
  return s;
}

/** y += c x. */
function axpy(c: number, x: Float64Array, y: Float64Array): void {
  for (let j = 0; j < y.length; j++) y[j] = (y[j] ?? 0) + c * (x[j] ?? 0);
}

/** Dot of the row of `m` starting at `offset` with v. */
function dotRow(m: Float64Array, offset: number, v: Float64Array): number {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += (m[offset + j] ?? 0) * (v[j] ?? 0);
  return s;
}

/** y += c * (row of `m` starting at `offset`). */
function axpyRow(c: number, m: Float64Array, offset: number, y: Float64Array): void {
  for (let j = 0; j < y.length; j++) y[j] = (y[j] ?? 0) + c * (m[offset + j] ?? 0);
}

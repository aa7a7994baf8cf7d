/**
 * Principal component analysis by power iteration with deflation on the covariance matrix.
 * The p x p covariance is formed once, in one flat Float64Array (300 statements: 90,000
 * cells), and every iteration multiplies by it in place: no dependency, no per-row arrays.
 * Everything is deterministic: fixed start vectors and a sign rule.
 */
import { createRng } from "../core/random";

/** Principal components of a data set. */
export interface Pca {
  /** Column means subtracted before projecting. */
  means: number[];
  /** Unit loading vectors, one per component, each of length p. */
  components: number[][];
  /** Variance along each component (covariance eigenvalues). */
  eigenvalues: number[];
  /** Total variance (covariance trace). */
  totalVariance: number;
  /** eigenvalue / totalVariance per component; 0 when there is no variance at all. */
  explainedVarianceRatio: number[];
}

/** Tuning for the power iteration. */
export interface PcaOptions {
  maxIterations?: number;
  /** Stop when no loading moves more than this between iterations. */
  tolerance?: number;
  /** Also stop when the eigenvalue changes by less than this fraction (for callers that only need variances). */
  valueTolerance?: number;
}

/**
 * Fit `nComponents` principal components to `rows` (n x p, no missing values).
 * Returns fewer components when p is smaller. With zero variance the components are
 * arbitrary unit vectors with eigenvalue 0, so every projection is 0.
 */
export function fitPca(
  rows: readonly (readonly number[])[],
  nComponents: number,
  options: PcaOptions = {},
): Pca {
  const maxIterations = options.maxIterations ?? 1000;
  const tolerance = options.tolerance ?? 1e-10;
  const valueTolerance = options.valueTolerance ?? 0;
  const n = rows.length;
  const p = rows[0]?.length ?? 0;
  const means = columnMeans(rows, p);
  const cov = covariance(rows, means);
  const totalVariance = trace(cov, p);
  const components: number[][] = [];
  const eigenvalues: number[] = [];
  const count = Math.min(nComponents, p);
  for (let c = 0; c < count; c++) {
    const { vector, value } = dominantEigen(
      cov,
      p,
      components,
      c,
      maxIterations,
      tolerance,
      valueTolerance,
    );
    const v = applySignConvention(vector);
    components.push(v);
    eigenvalues.push(value);
    // Deflate so the next power iteration finds the next component (not needed after the last).
    if (c + 1 < count) {
      for (let a = 0; a < p; a++) {
        const va = value * (v[a] ?? 0);
        const base = a * p;
        for (let b = 0; b < p; b++) cov[base + b] = (cov[base + b] ?? 0) - va * (v[b] ?? 0);
      }
    }
  }
  const explainedVarianceRatio = eigenvalues.map((e) =>
    totalVariance > 1e-12 && n > 1 ? e / totalVariance : 0,
  );
  return { means, components, eigenvalues, totalVariance, explainedVarianceRatio };
}

/** Project one row onto the fitted components. */
export function projectRow(pca: Pca, row: readonly number[]): number[] {
  return pca.components.map((component) => {
    let s = 0;
    for (let j = 0; j < component.length; j++)
      s += ((row[j] ?? 0) - (pca.means[j] ?? 0)) * (component[j] ?? 0);
    return s;
  });
}

function columnMeans(rows: readonly (readonly number[])[], p: number): number[] {
  const sums = new Float64Array(p);
  for (const row of rows) for (let j = 0; j < p; j++) sums[j] = (sums[j] ?? 0) + (row[j] ?? 0);
  return Array.from(sums, (s) => (rows.length > 0 ? s / rows.length : 0));
}

/** The sample covariance, row-major in one flat array (p x p). */
function covariance(rows: readonly (readonly number[])[], means: readonly number[]): Float64Array {
  const p = means.length;
  const cov = new Float64Array(p * p);
  const centred = new Float64Array(p);
  const mean = Float64Array.from(means);
  for (const row of rows) {
    for (let j = 0; j < p; j++) centred[j] = (row[j] ?? 0) - (mean[j] ?? 0);
    for (let a = 0; a < p; a++) {
      const ca = centred[a] ?? 0;
      if (ca === 0) continue;
      const base = a * p;
      for (let b = a; b < p; b++) cov[base + b] = (cov[base + b] ?? 0) + ca * (centred[b] ?? 0);
    }
  }
  const denom = Math.max(1, rows.length - 1);
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      const value = (cov[a * p + b] ?? 0) / denom;
      cov[a * p + b] = value;
      cov[b * p + a] = value;
    }
  }
  return cov;
}

function trace(m: Float64Array, p: number): number {
  let t = 0;
  for (let i = 0; i < p; i++) t += m[i * p + i] ?? 0;
  return t;
}

function dominantEigen(
  cov: Float64Array,
  p: number,
  previous: readonly (readonly number[])[],
  index: number,
  maxIterations: number,
  tolerance: number,
  valueTolerance: number,
): { vector: number[]; value: number } {
  // A fixed pseudo-random start, not all-ones: a symmetric vote pattern can make the
  // all-ones vector exactly orthogonal to the leading component, and power iteration
  // would then never find it.
  const rng = createRng(0x5eed + index);
  let v = orthonormalise(
    Array.from({ length: p }, () => rng.next() * 2 - 1),
    previous,
  );
  let value = 0;
  const w = new Array<number>(p).fill(0);
  for (let it = 0; it < maxIterations; it++) {
    multiply(cov, p, v, w);
    // Re-orthogonalise every step: deflation alone lets rounding error creep back
    // towards components already found.
    const next = orthonormalise(w, previous);
    const norm = Math.sqrt(dot(w, w));
    if (norm < 1e-12 || next.every((x) => x === 0)) return { vector: v, value: 0 };
    let diff = 0;
    for (let j = 0; j < p; j++) diff = Math.max(diff, Math.abs((next[j] ?? 0) - (v[j] ?? 0)));
    // Rayleigh quotient of the previous iterate: free, since w = Cv is already computed.
    const previousValue = value;
    value = dot(v, w);
    v = next;
    if (diff < tolerance) break;
    if (it > 0 && Math.abs(value - previousValue) <= valueTolerance * Math.abs(value)) break;
  }
  return { vector: v, value: Math.max(0, value) };
}

function orthonormalise(
  vector: readonly number[],
  basis: readonly (readonly number[])[],
): number[] {
  const out = vector.slice();
  for (const b of basis) {
    const proj = dot(out, b);
    for (let j = 0; j < out.length; j++) out[j] = (out[j] ?? 0) - proj * (b[j] ?? 0);
  }
  const norm = Math.sqrt(dot(out, out));
  if (norm < 1e-12) return out.map(() => 0);
  return out.map((x) => x / norm);
}

/** Make the largest-magnitude loading positive (first index on ties), as sklearn does. */
function applySignConvention(v: readonly number[]): number[] {
  let best = 0;
  for (let j = 1; j < v.length; j++)
    if (Math.abs(v[j] ?? 0) > Math.abs(v[best] ?? 0) + 1e-12) best = j;
  return (v[best] ?? 0) < 0 ? v.map((x) => -x) : v.slice();
}

/** out = m v, for the flat p x p matrix m. */
function multiply(m: Float64Array, p: number, v: readonly number[], out: number[]): void {
  for (let a = 0; a < p; a++) {
    let s = 0;
    const base = a * p;
    for (let b = 0; b < p; b++) s += (m[base + b] ?? 0) * (v[b] ?? 0);
    out[a] = s;
  }
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] ?? 0) * (b[j] ?? 0);
  return s;
}

/**
 * Principal component analysis of a dense, centred n x p matrix held column by column in
 * one Float64Array. The p x p covariance is formed once, in 4 x 4 tiles of column pairs (16
 * running sums in registers, two loads per four multiply-adds; twice as fast as updating
 * the covariance row by row), then each component is the largest eigenpair of
 * the covariance deflated by the components already found, by Lanczos (see lanczos.ts).
 * Deflating one component at a time, rather than reading two Ritz pairs off one run, keeps
 * a repeated eigenvalue (three equal opinion groups give two) from being missed: a single
 * Krylov space holds only one vector of each eigenspace. Deterministic: seeded starts and a
 * sign rule.
 */
import { createRng } from "../core/random";
import { lanczosTop } from "./lanczos";

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

/**
 * Fit `nComponents` principal components to `rows` (n x p, no missing values).
 * Returns fewer components when p is smaller. With zero variance the components are
 * arbitrary unit vectors with eigenvalue 0, so every projection is 0.
 */
export function fitPca(rows: readonly (readonly number[])[], nComponents: number): Pca {
  const n = rows.length;
  const p = rows[0]?.length ?? 0;
  const means = new Float64Array(p);
  for (const row of rows) for (let j = 0; j < p; j++) means[j] = (means[j] ?? 0) + (row[j] ?? 0);
  for (let j = 0; j < p; j++) means[j] = n > 0 ? (means[j] ?? 0) / n : 0;
  const columns = new Float64Array(n * p);
  rows.forEach((row, i) => {
    for (let j = 0; j < p; j++) columns[j * n + i] = (row[j] ?? 0) - (means[j] ?? 0);
  });
  return fitCentredPca(columns, n, p, Array.from(means), nComponents);
}

/**
 * PCA of `columns` (n x p, column-major, already centred on `means`). The means are only
 * carried into the result, for projecting new rows.
 */
export function fitCentredPca(
  columns: Float64Array,
  n: number,
  p: number,
  means: number[],
  nComponents: number,
): Pca {
  const cov = covariance(columns, n, p);
  let totalVariance = 0;
  for (let j = 0; j < p; j++) totalVariance += cov[j * p + j] ?? 0;
  const apply = (x: Float64Array, out: Float64Array) => multiply(cov, p, x, out);
  const found: Float64Array[] = [];
  const eigenvalues: number[] = [];
  for (let c = 0; c < Math.min(nComponents, p); c++) {
    const { value, vector } = lanczosTop(apply, p, {
      start: randomStart(p, 0x5eed + c),
      previous: found,
      wantVector: true,
    });
    found.push(signed(vector ?? new Float64Array(p)));
    eigenvalues.push(value);
  }
  const explainedVarianceRatio = eigenvalues.map((e) =>
    totalVariance > 1e-12 && n > 1 ? e / totalVariance : 0,
  );
  const components = found.map((v) => Array.from(v));
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

/**
 * A seeded start uniform on the sphere (normal entries). Not all-ones: a symmetric vote
 * pattern can make all-ones exactly orthogonal to the leading component, and Lanczos'
 * probabilistic guarantees (used by the null test) assume a uniformly random start.
 */
export function randomStart(p: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const v = new Float64Array(p);
  for (let j = 0; j < p; j++) v[j] = rng.normal();
  return v;
}

/** The sample covariance X'X / (n - 1) of centred columns, row-major in one flat array. */
function covariance(x: Float64Array, n: number, p: number): Float64Array {
  const cov = new Float64Array(p * p);
  const full = p - (p % 4);
  for (let a = 0; a < full; a += 4) {
    for (let b = a; b < full; b += 4) tile(x, n, p, a, b, cov);
  }
  // Columns past the last whole tile, one pair at a time.
  for (let a = 0; a < p; a++) {
    for (let b = Math.max(a, full); b < p; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += (x[a * n + i] ?? 0) * (x[b * n + i] ?? 0);
      cov[a * p + b] = s;
      cov[b * p + a] = s;
    }
  }
  const denom = Math.max(1, n - 1);
  for (let k = 0; k < cov.length; k++) cov[k] = (cov[k] ?? 0) / denom;
  return cov;
}

/** Sums of products of columns a..a+3 with b..b+3, written to both triangles of cov. */
function tile(x: Float64Array, n: number, p: number, a: number, b: number, cov: Float64Array) {
  const a0 = a * n;
  const a1 = a0 + n;
  const a2 = a1 + n;
  const a3 = a2 + n;
  const b0 = b * n;
  const b1 = b0 + n;
  const b2 = b1 + n;
  const b3 = b2 + n;
  let s00 = 0,
    s01 = 0,
    s02 = 0,
    s03 = 0,
    s10 = 0,
    s11 = 0,
    s12 = 0,
    s13 = 0;
  let s20 = 0,
    s21 = 0,
    s22 = 0,
    s23 = 0,
    s30 = 0,
    s31 = 0,
    s32 = 0,
    s33 = 0;
  for (let i = 0; i < n; i++) {
    const xa0 = x[a0 + i] ?? 0;
    const xa1 = x[a1 + i] ?? 0;
    const xa2 = x[a2 + i] ?? 0;
    const xa3 = x[a3 + i] ?? 0;
    const xb0 = x[b0 + i] ?? 0;
    const xb1 = x[b1 + i] ?? 0;
    const xb2 = x[b2 + i] ?? 0;
    const xb3 = x[b3 + i] ?? 0;
    s00 += xa0 * xb0;
    s01 += xa0 * xb1;
    s02 += xa0 * xb2;
    s03 += xa0 * xb3;
    s10 += xa1 * xb0;
    s11 += xa1 * xb1;
    s12 += xa1 * xb2;
    s13 += xa1 * xb3;
    s20 += xa2 * xb0;
    s21 += xa2 * xb1;
    s22 += xa2 * xb2;
    s23 += xa2 * xb3;
    s30 += xa3 * xb0;
    s31 += xa3 * xb1;
    s32 += xa3 * xb2;
    s33 += xa3 * xb3;
  }
  const sums = [s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33];
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 4; c++) {
      const value = sums[r * 4 + c] ?? 0;
      cov[(a + r) * p + b + c] = value;
      cov[(b + c) * p + a + r] = value;
    }
  }
}

/** Make the largest-magnitude loading positive (first index on ties), as sklearn does. */
function signed(v: Float64Array): Float64Array {
  let best = 0;
  for (let j = 1; j < v.length; j++)
    if (Math.abs(v[j] ?? 0) > Math.abs(v[best] ?? 0) + 1e-12) best = j;
  return (v[best] ?? 0) < 0 ? v.map((x) => -x) : v;
}

/** out = m v, for the flat p x p matrix m. */
function multiply(m: Float64Array, p: number, v: Float64Array, out: Float64Array): void {
  for (let a = 0; a < p; a++) {
    let s = 0;
    const base = a * p;
    for (let b = 0; b < p; b++) s += (m[base + b] ?? 0) * (v[b] ?? 0);
    out[a] = s;
  }
}

/**
 * Principal component analysis of a dense, centred n x p matrix held in one Float64Array.
 * The p x p covariance is formed once (four rows per pass, so each covariance cell is
 * loaded and stored a quarter as often), then each component is the largest eigenpair of
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
  const centred = new Float64Array(n * p);
  rows.forEach((row, i) => {
    for (let j = 0; j < p; j++) centred[i * p + j] = (row[j] ?? 0) - (means[j] ?? 0);
  });
  return fitCentredPca(centred, n, p, Array.from(means), nComponents);
}

/**
 * PCA of `centred` (n x p, row-major, columns already centred on `means`). The means are
 * only carried into the result, for projecting new rows.
 */
export function fitCentredPca(
  centred: Float64Array,
  n: number,
  p: number,
  means: number[],
  nComponents: number,
): Pca {
  const cov = covariance(centred, n, p);
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

/** The sample covariance X'X / (n - 1) of centred rows, row-major in one flat array. */
function covariance(x: Float64Array, n: number, p: number): Float64Array {
  const cov = new Float64Array(p * p);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const r0 = i * p;
    const r1 = r0 + p;
    const r2 = r1 + p;
    const r3 = r2 + p;
    for (let a = 0; a < p; a++) {
      const x0 = x[r0 + a] ?? 0;
      const x1 = x[r1 + a] ?? 0;
      const x2 = x[r2 + a] ?? 0;
      const x3 = x[r3 + a] ?? 0;
      // Unseen votes sit at exactly 0 after centring: sparse sessions skip most work.
      if (x0 === 0 && x1 === 0 && x2 === 0 && x3 === 0) continue;
      const base = a * p;
      for (let b = a; b < p; b++) {
        cov[base + b] =
          (cov[base + b] ?? 0) +
          (x0 * (x[r0 + b] ?? 0) +
            x1 * (x[r1 + b] ?? 0) +
            x2 * (x[r2 + b] ?? 0) +
            x3 * (x[r3 + b] ?? 0));
      }
    }
  }
  for (; i < n; i++) {
    const r = i * p;
    for (let a = 0; a < p; a++) {
      const xa = x[r + a] ?? 0;
      if (xa === 0) continue;
      const base = a * p;
      for (let b = a; b < p; b++) cov[base + b] = (cov[base + b] ?? 0) + xa * (x[r + b] ?? 0);
    }
  }
  const denom = Math.max(1, n - 1);
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      const value = (cov[a * p + b] ?? 0) / denom;
      cov[a * p + b] = value;
      cov[b * p + a] = value;
    }
  }
  return cov;
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

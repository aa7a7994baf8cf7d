/**
 * The permutation null of the opinion map: does the first axis explain more variance than
 * it would if statements were unrelated? Each copy shuffles every statement's votes among
 * the participants (same tallies, same column means and variances, so the same total
 * variance; only the links between statements are broken), and the test passes only if
 * the real first-axis share beats every copy's by the factor `margin`. With 19 copies, a
 * real share that is just one more draw from the null beats them all 1 time in 20: a 5%
 * false-alarm rate, less with the margin.
 *
 * Cost. A copy's first-axis variance is the largest eigenvalue of X'X / (n - 1) for the
 * shuffled n x p matrix X. Forming that covariance costs n p^2 / 2 multiply-adds (90 million
 * at 2,000 x 300) for every copy; Lanczos on X directly costs 2 n p per product and needs
 * only as many products as it takes to settle the comparison, not the value:
 * - Lanczos' Ritz value only rises towards the eigenvalue. Once a copy's value times the
 *   margin reaches the real share the test has failed, whatever the exact value and the
 *   copies left: a sequential stop that cannot change the outcome.
 * - From a start drawn uniformly on the sphere, after k products the Ritz value is below
 *   (1 - eps) times the eigenvalue with probability at most
 *   1.648 sqrt(p) exp(-sqrt(eps) (2k - 1)) (Kuczynski & Wozniakowski 1992, any positive
 *   semi-definite matrix). Solving for eps at probability DELTA gives an upper bound
 *   value / (1 - eps); once that bound times the margin is below the real share, the copy
 *   cannot fail the test, except with probability DELTA.
 * - Otherwise a copy runs until its Ritz value has converged (residual 1e-6 of the scale)
 *   and the converged value decides, as the old power iteration's did (at 1e-7 per step).
 * Statistical behaviour. The copies are the same as before (same seeds, same shuffle), and
 * the old power-iteration values were Rayleigh quotients, never above the exact eigenvalue,
 * so the old test said "groups" whenever the exact test did. This one decides like the exact
 * test except when a bound fails, which over 19 copies happens with probability at most
 * 19 DELTA = 1.9e-5 (and can only turn "no structure" into "groups"). The false-alarm rate on
 * random votes is therefore at most the old one plus 1.9e-5 (outside a band of 1e-6 around
 * the margin, where a converged value decides; the old stop was looser there). Planted
 * groups at 2,000 x 300 settle each copy in 11 products instead of a covariance and
 * hundreds of power steps.
 */
import { createRng, type Rng } from "../core/random";
import { lanczosTop } from "./lanczos";
import { randomStart } from "./pca";
import type { CentredVotes } from "./centred-votes";

/** Settings of the null test. */
export interface NullTestSettings {
  /** Shuffled copies; the test's false-alarm rate is 1 / (samples + 1). */
  samples: number;
  /** The real share must exceed every copy's times this factor. */
  margin: number;
  seed: number;
}

/** Outcome of the null test. */
export interface NullTestResult {
  /** True when the real first axis beat every copy by the margin. */
  hasAxis: boolean;
  /**
   * Largest first-axis share found on the copies. A lower bound: a copy stops as soon as its
   * comparison is settled, so this is exact only for copies run to convergence.
   */
  largestShare: number;
  /** Copies examined (fewer than `samples` when one already beat the real share). */
  copies: number;
  /** Operator products made over all copies (for the benchmark). */
  products: number;
}

/** Chance, per copy, that the probabilistic upper bound is wrong. */
const DELTA = 1e-6;

/** Run the test for a real first-axis share `realShare` of `totalVariance`. */
export function runNullTest(
  votes: CentredVotes,
  realShare: number,
  totalVariance: number,
  s: NullTestSettings,
): NullTestResult {
  const { n, p } = votes;
  if (!(totalVariance > 1e-12) || n < 2 || p === 0) {
    return { hasAxis: realShare > 0, largestShare: 0, copies: 0, products: 0 };
  }
  const dense = new Float64Array(n * p);
  const scratch = new Float64Array(n);
  const apply = (x: Float64Array, out: Float64Array) => gram(dense, n, p, x, out, scratch);
  const logTerm = Math.log((1.648 * Math.sqrt(p)) / DELTA);
  // Compared as eigenvalues: the copies share the real total variance.
  const target = (realShare * totalVariance) / s.margin;
  let largestShare = 0;
  let products = 0;
  for (let r = 0; r < s.samples; r++) {
    dense.set(votes.columns);
    shuffleColumns(dense, n, p, createRng((s.seed * 7919 + r + 1) * 40503));
    let isAbove = false;
    const run = lanczosTop(apply, p, {
      start: randomStart(p, (s.seed * 7919 + r + 1) * 65537),
      tolerance: 1e-6,
      shouldStop: (value, steps) => {
        if (value >= target) return (isAbove = true);
        // The bound is stated for k products; a Krylov space of dimension `steps` took `steps`
        // products, counted as one fewer to stay on the safe side.
        const k = steps - 1;
        if (k < 1) return false;
        const eps = (logTerm / (2 * k - 1)) ** 2;
        return eps < 1 && value / (1 - eps) < target;
      },
    });
    products += run.steps;
    largestShare = Math.max(largestShare, run.value / totalVariance);
    if (isAbove || run.value >= target) {
      return { hasAxis: false, largestShare, copies: r + 1, products };
    }
  }
  return { hasAxis: true, largestShare, copies: s.samples, products };
}

/**
 * Fisher-Yates within each statement, in the same order and from the same stream as the
 * first version of this test, so the copies (and their outcome) are unchanged. At
 * 2,000 x 300 its 11 million calls into the seeded generator are about a third of the
 * opinion map's CPU (130 of ~415 ms). Tried and dropped, as not worth new copies: two
 * Fisher-Yates steps per 32-bit draw (Lemire's bounded integers) saved a tenth of it;
 * placing only the cells that differ from the column's most common value (60% of the
 * draws) ran twice as slow in V8. A bulk draw in core/random would be the place to gain.
 */
function shuffleColumns(x: Float64Array, n: number, p: number, rng: Rng): void {
  for (let j = 0; j < p; j++) {
    const base = j * n;
    for (let i = n - 1; i > 0; i--) {
      const k = base + rng.int(i + 1);
      const tmp = x[base + i] ?? 0;
      x[base + i] = x[k] ?? 0;
      x[k] = tmp;
    }
  }
}

/**
 * out = X'(X v) / (n - 1) for X column-major (n x p): u = X v as a sum of columns, then
 * one dot product per column, four columns per pass so u is read a quarter as often.
 */
function gram(
  x: Float64Array,
  n: number,
  p: number,
  v: Float64Array,
  out: Float64Array,
  u: Float64Array,
): void {
  u.fill(0);
  let j = 0;
  for (; j + 4 <= p; j += 4) {
    const b0 = j * n;
    const b1 = b0 + n;
    const b2 = b1 + n;
    const b3 = b2 + n;
    const v0 = v[j] ?? 0;
    const v1 = v[j + 1] ?? 0;
    const v2 = v[j + 2] ?? 0;
    const v3 = v[j + 3] ?? 0;
    for (let i = 0; i < n; i++) {
      u[i] =
        (u[i] ?? 0) +
        (v0 * (x[b0 + i] ?? 0) +
          v1 * (x[b1 + i] ?? 0) +
          v2 * (x[b2 + i] ?? 0) +
          v3 * (x[b3 + i] ?? 0));
    }
  }
  for (; j < p; j++) {
    const b = j * n;
    const vj = v[j] ?? 0;
    for (let i = 0; i < n; i++) u[i] = (u[i] ?? 0) + vj * (x[b + i] ?? 0);
  }
  const denom = n - 1;
  j = 0;
  for (; j + 4 <= p; j += 4) {
    const b0 = j * n;
    const b1 = b0 + n;
    const b2 = b1 + n;
    const b3 = b2 + n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < n; i++) {
      const ui = u[i] ?? 0;
      s0 += (x[b0 + i] ?? 0) * ui;
      s1 += (x[b1 + i] ?? 0) * ui;
      s2 += (x[b2 + i] ?? 0) * ui;
      s3 += (x[b3 + i] ?? 0) * ui;
    }
    out[j] = s0 / denom;
    out[j + 1] = s1 / denom;
    out[j + 2] = s2 / denom;
    out[j + 3] = s3 / denom;
  }
  for (; j < p; j++) {
    const b = j * n;
    let s = 0;
    for (let i = 0; i < n; i++) s += (x[b + i] ?? 0) * (u[i] ?? 0);
    out[j] = s / denom;
  }
}

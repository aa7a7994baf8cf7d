/**
 * Minibatch SGD for the numeric learners, with optional DP-SGD (science.md 2.4): each
 * example's gradient is clipped to norm C, the batch sum gets Gaussian noise of standard
 * deviation sigma*C per coordinate, and the sum is divided by the batch size b.
 */
import type { Rng } from "../../core/random";
import { largestEigenvalue } from "./linalg";
import { residualOf, type Design, type SteerLearnerKind } from "./learner";

export interface DpSettings {
  clip: number;
  noiseMultiplier: number;
}

/**
 * A stable step in the data's own units: 0.5 / the largest curvature of the mean loss
 * (X^T X / n for least squares, a quarter of it for logistic). Choosing the step this way
 * avoids rescaling the data, so the weights stay in the units the target speaks about.
 */
export function defaultLearningRate(kind: SteerLearnerKind, data: Design): number {
  const { x, n, d } = data;
  const gram = new Float64Array(d * d);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < d; a++) {
      const xa = x[i * d + a] ?? 0;
      for (let b = 0; b < d; b++)
        gram[a * d + b] = (gram[a * d + b] ?? 0) + (xa * (x[i * d + b] ?? 0)) / n;
    }
  const curvature = largestEigenvalue(gram, d) * (kind === "logistic" ? 0.25 : 1);
  return curvature > 0 ? 0.5 / curvature : 1;
}

/**
 * Adds row i's loss gradient at theta to `sum`, clipped to norm `clip` when given. Returns the
 * gradient's norm before clipping.
 */
export function addExampleGradient(
  kind: SteerLearnerKind,
  theta: ArrayLike<number>,
  x: Float64Array,
  y: number,
  offset: number,
  d: number,
  sum: Float64Array,
  clip?: number,
): number {
  let score = 0;
  let xx = 0;
  for (let j = 0; j < d; j++) {
    const v = x[offset + j] ?? 0;
    score += v * (theta[j] ?? 0);
    xx += v * v;
  }
  const r = residualOf(kind, score, y);
  const size = Math.abs(r) * Math.sqrt(xx);
  const factor = clip !== undefined && size > clip ? (r * clip) / size : r;
  for (let j = 0; j < d; j++) sum[j] = (sum[j] ?? 0) + factor * (x[offset + j] ?? 0);
  return size;
}

/** Adds N(0, (sigma C)^2) to each coordinate of a batch's gradient sum. */
export function addDpNoise(sum: Float64Array, dp: DpSettings | undefined, rng: Rng): void {
  if (dp === undefined || dp.noiseMultiplier === 0) return;
  const sd = dp.noiseMultiplier * dp.clip;
  for (let j = 0; j < sum.length; j++) sum[j] = (sum[j] ?? 0) + sd * rng.normal();
}

export interface SgdOptions {
  learningRate: number;
  steps: number;
  batchSize: number;
  dp?: DpSettings;
  init?: Float64Array;
}

/**
 * Minibatch (DP-)SGD on the mean loss from `init` (zero by default): batches of a fixed size
 * drawn from a fresh shuffle each epoch (the accountant's Poisson sampling is the usual stand-in
 * for this), the step decaying linearly to zero.
 */
export function fitSgd(
  kind: SteerLearnerKind,
  data: Design,
  options: SgdOptions,
  rng: Rng,
): Float64Array {
  const { n, d, x, y } = data;
  const theta = options.init !== undefined ? Float64Array.from(options.init) : new Float64Array(d);
  const b = Math.min(options.batchSize, n);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  let cursor = n;
  const sum = new Float64Array(d);
  for (let step = 0; step < options.steps; step++) {
    sum.fill(0);
    for (let k = 0; k < b; k++) {
      if (cursor >= n) {
        for (let i = n - 1; i > 0; i--) {
          const j = rng.int(i + 1);
          const t = order[i] ?? 0;
          order[i] = order[j] ?? 0;
          order[j] = t;
        }
        cursor = 0;
      }
      const row = order[cursor++] ?? 0;
      addExampleGradient(kind, theta, x, y[row] ?? 0, row * d, d, sum, options.dp?.clip);
    }
    addDpNoise(sum, options.dp, rng);
    // The step decays linearly to zero, so the last iterate settles on the minimiser
    // instead of jittering around it (fastText's schedule; the DP noise is scaled alike).
    const rate = options.learningRate * (1 - step / options.steps);
    for (let j = 0; j < d; j++) theta[j] = (theta[j] ?? 0) - (rate * (sum[j] ?? 0)) / b;
  }
  return theta;
}

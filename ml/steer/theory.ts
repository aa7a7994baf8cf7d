/**
 * Closed forms for steering (science.md 2.3 and 2.4): the critical size of the collective and
 * the noise floor of gradient control under DP-SGD. Theory, kept apart from the simulation.
 */
import { memberBox, type FieldBounds } from "./member-box";
import { maxPush } from "./max-push";
import { norm } from "./linalg";
import { addExampleGradient } from "./sgd";

/**
 * alpha_crit = ||g0|| / (C + ||g0||): the smallest share of the training data whose points can
 * cancel the base gradient g0 at theta*, when each can push at most C along the needed
 * direction. m members give at most m C; the base needs N_base ||g0||, so m / (m + N_base)
 * must reach the ratio. A necessary condition in every dimension, exact in one (with more
 * fields the members must also cancel the other directions). Null when C <= 0: no feasible
 * point pushes the right way.
 */
export function criticalAlpha(baseGradientNorm: number, maxPush: number): number | null {
  if (baseGradientNorm === 0) return 0;
  if (!(maxPush > 0)) return null;
  return baseGradientNorm / (maxPush + baseGradientNorm);
}

/**
 * Mean of the base rows' loss gradients at theta (rows as design rows), each clipped to `clip`
 * when the platform trains with DP-SGD (then the clipped gradients are what must cancel).
 */
export function meanGradient(
  fb: FieldBounds,
  theta: ArrayLike<number>,
  x: Float64Array,
  y: Float64Array,
  n: number,
  clip?: number,
): Float64Array {
  const d = theta.length;
  const sum = new Float64Array(d);
  for (let i = 0; i < n; i++) addExampleGradient(fb.kind, theta, x, y[i] ?? 0, i * d, d, sum, clip);
  return sum.map((v) => (n > 0 ? v / n : 0));
}

/**
 * C: the mean over the records of the strongest push each can make along u (records differ
 * only in the fields without bounds, which they keep; with every field bounded all are equal).
 * Under DP-SGD a push counts at most the clip norm: min(push, clip), an upper bound.
 */
export function meanMaxPush(
  fb: FieldBounds,
  theta: ArrayLike<number>,
  u: ArrayLike<number>,
  records: readonly Float64Array[],
  clip?: number,
): number {
  if (records.length === 0) return 0;
  let s = 0;
  for (const own of records) {
    const push = maxPush(fb.kind, theta, u, memberBox(own, fb), own, fb.intercept).value;
    s += clip !== undefined ? Math.min(push, clip) : push;
  }
  return s / records.length;
}

export interface NoiseFloorInput {
  learningRate: number;
  /** B: the collective makes each step contract the error by r = 1 - learningRate * B. */
  pull: number;
  noiseMultiplier: number;
  clip: number;
  batchSize: number;
  /** Number of parameters. */
  dim: number;
  /** R0 = ||theta_0 - theta*||. */
  initialDistance: number;
  steps: number;
}

/**
 * Expected squared distance to theta* after T steps of gradient control under DP-SGD:
 *   E||e_T||^2 = r^(2T) R0^2 + (eta sigma C / b)^2 d (1 - r^(2T)) / (1 - r^2),  r = 1 - eta B
 * (the error contracts by r each step and collects independent Gaussian noise of variance
 * (eta sigma C / b)^2 per coordinate; our derivation, science.md 2.4).
 */
export function controlNoiseFloor(p: NoiseFloorInput): number {
  const r = 1 - p.learningRate * p.pull;
  const r2T = r ** (2 * p.steps);
  const perStep = ((p.learningRate * p.noiseMultiplier * p.clip) / p.batchSize) ** 2 * p.dim;
  const sum = Math.abs(1 - r * r) < 1e-15 ? p.steps : (1 - r2T) / (1 - r * r);
  return r2T * p.initialDistance ** 2 + perStep * sum;
}

/** The need along u and the push one member can make: used by `criticalSize`. */
export function needDirection(g0: ArrayLike<number>): Float64Array {
  const size = norm(g0);
  return Float64Array.from(g0, (v) => (size > 0 ? -v / size : 0));
}

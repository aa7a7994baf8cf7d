/**
 * The smallest change of the members' labels (features held) that makes their gradients at
 * theta sum to a needed total G, within the label bounds:
 *   minimise 0.5 * sum_i delta_i^2   subject to   sum_i delta_i x_i = b,   delta_i in [a_i, c_i]
 * where b = sum_i residual_i x_i - G (the members' own gradients minus the need; a label change
 * delta moves a gradient by -delta x). Without bounds the answer is delta = X w with
 * w = (X^T X)^-1 b (the minimum-norm solution); with bounds, the dual gives
 * delta_i = clip(x_i · w, a_i, c_i) for one shared w solving sum_i clip(x_i · w) x_i = b,
 * found by Newton's method on the convex dual (semi-smooth: finitely many active sets).
 * Every member's change depends only on their own row and w, so w is what an instruction
 * shares. Returns null when no labels within the bounds reach G.
 */
import { dot, norm, rowDot, solveLinear } from "./linalg";

export interface LabelSolveInput {
  /** Design rows of the members, m × d. */
  x: Float64Array;
  m: number;
  d: number;
  /** b = sum_i residual_i x_i - G. */
  b: Float64Array;
  /** Allowed change per member: [lo[i], hi[i]] (lo <= 0 <= hi unless the own label is out of bounds). */
  lo: Float64Array;
  hi: Float64Array;
}

export interface LabelSolution {
  w: Float64Array;
  delta: Float64Array;
}

const clip = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** The antiderivative of clip(., lo, hi): the dual's per-member term. */
function clipIntegral(s: number, lo: number, hi: number): number {
  if (s < lo) return 0.5 * lo * lo + lo * (s - lo);
  if (s > hi) return 0.5 * hi * hi + hi * (s - hi);
  return 0.5 * s * s;
}

export function solveLabels(input: LabelSolveInput, tolerance = 1e-9): LabelSolution | null {
  const { x, m, d, b, lo, hi } = input;
  // "Close enough" is relative to the need and to the gradient change the labels make now.
  const rowNorms = Float64Array.from({ length: m }, (_, i) =>
    Math.sqrt(rowDot(x, i, d, x.subarray(i * d, i * d + d))),
  );
  const needSize = norm(b);
  const w = new Float64Array(d);
  const scores = new Float64Array(m);
  const dual = (v: Float64Array) => {
    let s = -dot(v, b);
    for (let i = 0; i < m; i++) s += clipIntegral(rowDot(x, i, d, v), lo[i] ?? 0, hi[i] ?? 0);
    return s;
  };
  let value = dual(w);
  for (let it = 0; it < 200; it++) {
    const grad = Float64Array.from(b, (v) => -v);
    const h = new Float64Array(d * d);
    let moved = needSize;
    for (let i = 0; i < m; i++) {
      const s = rowDot(x, i, d, w);
      scores[i] = s;
      const l = lo[i] ?? 0;
      const u = hi[i] ?? 0;
      const c = clip(s, l, u);
      moved += Math.abs(c) * (rowNorms[i] ?? 0);
      // At a kink (s on a bound, e.g. a 0/1 label at w = 0) count the member as free: a valid
      // element of the generalised Jacobian, and without it Newton would see no curvature.
      const isFree = l < u && s >= l && s <= u;
      for (let a = 0; a < d; a++) {
        const xa = x[i * d + a] ?? 0;
        grad[a] = (grad[a] ?? 0) + c * xa;
        if (isFree)
          for (let q = 0; q < d; q++) h[a * d + q] = (h[a * d + q] ?? 0) + xa * (x[i * d + q] ?? 0);
      }
    }
    if (norm(grad) <= tolerance * Math.max(moved, 1e-300)) {
      const delta = Float64Array.from(scores, (s, i) => clip(s, lo[i] ?? 0, hi[i] ?? 0));
      return { w, delta };
    }
    // A small ridge keeps the step finite when some direction has no free member; if the
    // need lies along such a direction, the dual falls without bound: no solution.
    let trace = 0;
    for (let a = 0; a < d; a++) trace += h[a * d + a] ?? 0;
    const ridge = 1e-10 * (trace / d) + 1e-300;
    for (let a = 0; a < d; a++) h[a * d + a] = (h[a * d + a] ?? 0) + ridge;
    const step = solveLinear(
      h,
      Float64Array.from(grad, (v) => -v),
      d,
    );
    if (step === null) return null;
    let t = 1;
    let stepped = false;
    const slope = dot(grad, step);
    for (let back = 0; back < 60; back++) {
      const trial = Float64Array.from(w, (v, a) => v + t * (step[a] ?? 0));
      const next = dual(trial);
      if (next <= value + 1e-4 * t * slope) {
        stepped = next < value;
        w.set(trial);
        value = next;
        break;
      }
      t /= 2;
    }
    if (!stepped || !Number.isFinite(value) || norm(w) > 1e15) return null;
  }
  return null;
}

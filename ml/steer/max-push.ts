/**
 * The feasible point whose loss gradient at theta goes furthest along a direction u: the
 * strongest push one member can make, used below the critical size and for C in alpha_crit.
 *
 * Both learners' gradients are residual(p, y) * x with p = theta · x, so the push along u is
 *   f(x, y) = residual(p, y) * s,   p = theta · x,   s = u · x.
 * For a fixed label the box of features maps onto a polygon in the (p, s) plane (a zonotope:
 * one generator per bounded field). f has no local maximum inside that polygon (its Hessian
 * in (p, s) has determinant -residual'(p)^2 < 0), so the maximum lies on the polygon's boundary.
 * We walk the boundary edge by edge (generators sorted by angle), maximising f on each edge:
 * in closed form for least squares (a quadratic), by a fine scan plus golden section for the
 * logistic learner. Each boundary point is the image of a box edge, so we recover the feature
 * values as we walk. The label enters linearly, so its interval's ends are the only candidates.
 * Exact for least squares; box vertices alone are not (when theta_j u_j < 0 the best value of
 * field j can be interior).
 */
import { predictionOf, type SteerLearnerKind } from "./learner";
import type { MemberBox } from "./member-box";

export interface Push {
  /** The point (features, then the label). */
  point: Float64Array;
  /** <gradient at theta, u> at that point. */
  value: number;
}

interface Generator {
  field: number;
  gp: number;
  gs: number;
  /** The walk's first pass moves this field from `from` to `to`. */
  from: number;
  to: number;
}

const TIE = 1e-9;

/** The strongest push of a member with `box` along u; ties go to the point nearest `own`. */
export function maxPush(
  kind: SteerLearnerKind,
  theta: ArrayLike<number>,
  u: ArrayLike<number>,
  box: MemberBox,
  own: ArrayLike<number>,
  intercept: boolean,
): Push {
  const k = box.lo.length - 1;
  const f = (p: number, s: number, y: number) => (predictionOf(kind, p) - y) * s;
  // Start at the box corner the walk begins from; fields without room are constants.
  const start = Float64Array.from(box.lo);
  let p0 = intercept ? (theta[k] ?? 0) : 0;
  let s0 = intercept ? (u[k] ?? 0) : 0;
  const gens: Generator[] = [];
  for (let j = 0; j < k; j++) {
    const lo = box.lo[j] ?? 0;
    const hi = box.hi[j] ?? 0;
    const t = theta[j] ?? 0;
    const uj = u[j] ?? 0;
    let gp = (hi - lo) * t;
    let gs = (hi - lo) * uj;
    let from = lo;
    let to = hi;
    // Orient every generator into the upper half-plane (angle in [0, pi)).
    if (gs < 0 || (gs === 0 && gp < 0)) [gp, gs, from, to] = [-gp, -gs, hi, lo];
    start[j] = from;
    p0 += from * t;
    s0 += from * uj;
    if (gp !== 0 || gs !== 0) gens.push({ field: j, gp, gs, from, to });
  }
  gens.sort((a, b) => Math.atan2(a.gs, a.gp) - Math.atan2(b.gs, b.gp));

  const best: { push: Push | null; d2: number } = { push: null, d2: Infinity };
  const consider = (x: Float64Array, y: number, value: number) => {
    let d2 = (y - (own[k] ?? 0)) ** 2;
    for (let j = 0; j < k; j++) d2 += ((x[j] ?? 0) - (own[j] ?? 0)) ** 2;
    const current = best.push?.value ?? -Infinity;
    const margin = TIE * (Math.abs(best.push?.value ?? 0) + 1);
    if (value > current + margin || (value >= current - margin && d2 < best.d2)) {
      const point = Float64Array.from(x);
      point[k] = y;
      best.push = { point, value };
      best.d2 = d2;
    }
  };

  for (const y of box.labelOptions) {
    const x = Float64Array.from(start);
    let p = p0;
    let s = s0;
    consider(x, y, f(p, s, y));
    // Two passes: forward along the sorted generators, then back, closing the polygon.
    for (const sign of [1, -1]) {
      for (const g of gens) {
        const dp = sign * g.gp;
        const ds = sign * g.gs;
        const a = sign === 1 ? g.from : g.to;
        const b = sign === 1 ? g.to : g.from;
        const tStar = bestOnEdge(kind, p, s, dp, ds, y);
        if (tStar > 0 && tStar < 1) {
          x[g.field] = a + tStar * (b - a);
          consider(x, y, f(p + tStar * dp, s + tStar * ds, y));
        }
        x[g.field] = b;
        p += dp;
        s += ds;
        consider(x, y, f(p, s, y));
      }
    }
  }
  if (best.push === null) throw new Error("maxPush: a box always has a point");
  return best.push;
}

/** The t in (0, 1) maximising f along one edge (p + t dp, s + t ds), or -1 for an end point. */
function bestOnEdge(
  kind: SteerLearnerKind,
  p: number,
  s: number,
  dp: number,
  ds: number,
  y: number,
): number {
  if (kind === "least-squares") {
    // (p - y + t dp)(s + t ds) = A t^2 + B t + const: an interior maximum needs A < 0.
    const A = dp * ds;
    const B = (p - y) * ds + dp * s;
    return A < 0 ? -B / (2 * A) : -1;
  }
  const f = (t: number) => (predictionOf(kind, p + t * dp) - y) * (s + t * ds);
  const steps = 32;
  let bestT = 0;
  let bestV = f(0);
  for (let i = 1; i <= steps; i++) {
    const v = f(i / steps);
    if (v > bestV) [bestT, bestV] = [i / steps, v];
  }
  // Golden section around the best grid point (the sigmoid makes f smooth and, locally, unimodal).
  let lo = Math.max(0, bestT - 1 / steps);
  let hi = Math.min(1, bestT + 1 / steps);
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 40; i++) {
    const m1 = hi - phi * (hi - lo);
    const m2 = lo + phi * (hi - lo);
    if (f(m1) < f(m2)) lo = m1;
    else hi = m2;
  }
  const t = (lo + hi) / 2;
  return f(t) > bestV ? t : bestT > 0 && bestT < 1 ? bestT : -1;
}

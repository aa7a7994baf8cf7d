/**
 * Below the critical size the members cannot make theta* the platform's fit; they make it land
 * as close as they can. Two candidate plans, and the collective keeps the one whose predicted fit
 * (a Newton step from theta* with the base rows' gradient and Hessian: exact for least squares)
 * is nearer theta*:
 *  - partial: on the straight path from the platform's current model theta_0 to theta*, the
 *    furthest theta_s whose base gradient the members can still cancel exactly (bisection on
 *    s), planned for theta_s. It never overshoots and never moves the fit away from theta*.
 *  - push: the mix of strongest pushes closest to the need at theta* (reachable.ts), every
 *    member a share t of the way from their own record to their push point, t chosen by the
 *    predicted fit (so a push that would overshoot in some direction is held back). In one
 *    dimension this is everyone's strongest push: 1-D least squares at alpha = 0.05 lands on
 *    1.5 (science.md 2.3).
 */
import { distance, inverse, rowDot, solveLinear } from "./linalg";
import { predictionOf } from "./learner";
import { clampToBox, memberBox, type FieldBounds } from "./member-box";
import { gradientOfPoints, isReachable, planCollective, type CollectivePlan } from "./plan";

export interface PathPlan extends CollectivePlan {
  /** Where the plan expects the fit to land. */
  expected: number[];
}

/** theta* minus a Newton step on base + points (exact for least squares). */
export function predictedFit(
  fb: FieldBounds,
  target: ArrayLike<number>,
  baseHessian: Float64Array,
  baseGradient: ArrayLike<number>,
  points: readonly Float64Array[],
): Float64Array {
  const d = target.length;
  const h = Float64Array.from(baseHessian);
  const g = Float64Array.from(
    gradientOfPoints(fb, target, points),
    (v, j) => v + (baseGradient[j] ?? 0),
  );
  const x = new Float64Array(d);
  for (const p of points) {
    const k = p.length - 1;
    for (let j = 0; j < k; j++) x[j] = p[j] ?? 0;
    if (fb.intercept) x[k] = 1;
    let w = 1;
    if (fb.kind === "logistic") {
      const q = predictionOf("logistic", rowDot(x, 0, d, target));
      w = q * (1 - q);
    }
    for (let a = 0; a < d; a++)
      for (let b = 0; b < d; b++)
        h[a * d + b] = (h[a * d + b] ?? 0) + w * (x[a] ?? 0) * (x[b] ?? 0);
  }
  const step = solveLinear(h, g, d) ?? new Float64Array(d);
  return Float64Array.from(target, (t, j) => t - (step[j] ?? 0));
}

export function planTowards(
  fb: FieldBounds,
  own: readonly Float64Array[],
  start: ArrayLike<number>,
  target: ArrayLike<number>,
  needAt: (theta: Float64Array) => Float64Array,
  baseHessian: Float64Array,
): PathPlan {
  const d = target.length;
  const at = (s: number) =>
    Float64Array.from(target, (t, j) => (start[j] ?? 0) + s * (t - (start[j] ?? 0)));
  const metric = inverse(baseHessian, d);
  const need = needAt(at(1));
  const full = planCollective(fb, target, own, need, metric);
  if (full.regime === "exact" || own.length === 0)
    return { ...full, expected: [...Array.from(target)] };
  const baseGradient = need.map((v) => -v);
  const predict = (points: readonly Float64Array[]) =>
    predictedFit(fb, target, baseHessian, baseGradient, points);

  // Push candidate: the share t of the way to the push points with the best predicted fit
  // (the full plan's points are the push points; a share t blends from the own records).
  const starts = own.map((o) => clampToBox(o, memberBox(o, fb)));
  const pointsAt = (t: number) =>
    full.points.map((p, i) =>
      Float64Array.from(p, (v, j) => (starts[i]?.[j] ?? 0) + t * (v - (starts[i]?.[j] ?? 0))),
    );
  const miss = (t: number) => distance(predict(pointsAt(t)), target);
  let lo = 0;
  let hi = 1;
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 25; it++) {
    const m1 = hi - phi * (hi - lo);
    const m2 = lo + phi * (hi - lo);
    if (miss(m1) <= miss(m2)) hi = m2;
    else lo = m1;
  }
  const tBest = miss(1) <= miss((lo + hi) / 2) ? 1 : (lo + hi) / 2;
  const pushPoints = pointsAt(tBest);
  let best: PathPlan = {
    ...full,
    t: tBest,
    points: pushPoints,
    expected: [...predict(pushPoints)],
  };

  // Partial candidate: the furthest exactly reachable point on the path.
  let reachable = 0;
  let unreachable = 1;
  for (let it = 0; it < 20; it++) {
    const mid = (reachable + unreachable) / 2;
    const theta = at(mid);
    if (isReachable(fb, theta, own, needAt(theta), metric)) reachable = mid;
    else unreachable = mid;
  }
  // The members are finitely many and the test runs at t = 1; back off a little if needed.
  for (const factor of [1, 0.999, 0.995, 0.99, 0.98, 0.95, 0.9]) {
    const theta = at(reachable * factor);
    if (reachable * factor <= 0) break;
    const plan = planCollective(fb, theta, own, needAt(theta), metric);
    if (plan.regime !== "exact") continue;
    const expected = predict(plan.points);
    if (distance(expected, target) < distance(best.expected, target))
      best = { ...plan, regime: "partial", expected: [...expected] };
    break;
  }
  return best;
}

/**
 * How the collective chooses its points (both strategies): the members' loss gradients at
 * theta must sum to a needed total G. In order of preference:
 *  1. exact, labels only: members keep their features (moved into the bounds) and change their
 *     labels by the least total squared amount (label-solve.ts: one shared vector w);
 *  2. exact, features too: when labels alone cannot reach G, the mix of strongest pushes that
 *     comes closest to G (reachable.ts) tells each member a push point; every member moves their
 *     features the same share t of the way there, t the smallest share for which the labels can
 *     finish the job (bisection), so records change no more than the goal needs;
 *  3. push: when even the pushes cannot reach G (below the critical size) members report their
 *     push points: the reachable sum closest to G, measured by the parameter error it leaves
 *     (metric: the inverse Hessian). In one dimension, everyone's strongest push.
 * A member's point depends only on their own record, their position in [0, 1) (which push
 * atom they are on) and the plan, so the app computes one member's instruction with `pointFor`.
 */
import { matTVec, matVec, norm } from "./linalg";
import { solveLabels } from "./label-solve";
import { residualOf } from "./learner";
import { maxPush } from "./max-push";
import { clampToBox, memberBox, type FieldBounds } from "./member-box";
import { atomAt, closestReachable, type PushAtom } from "./reachable";

/**
 * exact: the fit lands on theta*; partial: below the critical size, on the furthest point
 * towards theta* the members can reach (plan-path.ts); push: the mix of strongest pushes
 * closest to the need (control steps the members cannot fully steer).
 */
export type SteerRegime = "exact" | "partial" | "push";

export interface SteerPlan {
  regime: SteerRegime;
  /** Share of the way from the own point (in bounds) to the push point. */
  t: number;
  /** Shared label correction (exact regime): label change = clip(design row · w). */
  w: number[] | null;
  /** Push directions and the share of members on each (empty: labels alone do it). */
  atoms: PushAtom[];
  /** Parameters the gradients are taken at (theta* for neutralize, the current model for control). */
  theta: number[];
}

interface MemberGeometry {
  own: Float64Array;
  start: Float64Array;
  push: Float64Array;
  labelLo: number;
  labelHi: number;
}

function geometry(
  fb: FieldBounds,
  theta: ArrayLike<number>,
  atom: PushAtom | undefined,
  own: Float64Array,
): MemberGeometry {
  const box = memberBox(own, fb);
  const k = own.length - 1;
  const start = clampToBox(own, box);
  return {
    own,
    start,
    push:
      atom !== undefined && atom.direction.length > 0
        ? maxPush(fb.kind, theta, atom.direction, box, own, fb.intercept).point
        : start,
    labelLo: box.lo[k] ?? 0,
    labelHi: box.hi[k] ?? 0,
  };
}

/** Features a share t of the way to the push point; the label set by w, or the push point's. */
function pointAt(
  g: MemberGeometry,
  t: number,
  w: ArrayLike<number> | null,
  intercept: boolean,
): Float64Array {
  const k = g.own.length - 1;
  const point = Float64Array.from(g.start, (s, j) => s + t * ((g.push[j] ?? 0) - s));
  if (w !== null) {
    let s = intercept ? (w[k] ?? 0) : 0;
    for (let j = 0; j < k; j++) s += (point[j] ?? 0) * (w[j] ?? 0);
    const y = g.own[k] ?? 0;
    point[k] = y + Math.min(g.labelHi - y, Math.max(g.labelLo - y, s));
  }
  return point;
}

/** One member's point under a plan (before a logistic label is rounded to 0/1). */
export function pointFor(
  fb: FieldBounds,
  plan: SteerPlan,
  own: ArrayLike<number>,
  position: number,
): Float64Array {
  const g = geometry(fb, plan.theta, atomAt(plan.atoms, position), Float64Array.from(own));
  return pointAt(g, plan.t, plan.w, fb.intercept);
}

/** Sum of the points' loss gradients at theta. */
export function gradientOfPoints(
  fb: FieldBounds,
  theta: ArrayLike<number>,
  points: readonly Float64Array[],
): Float64Array {
  const d = theta.length;
  const sum = new Float64Array(d);
  for (const p of points) {
    const k = p.length - 1;
    let score = fb.intercept ? (theta[k] ?? 0) : 0;
    for (let j = 0; j < k; j++) score += (p[j] ?? 0) * (theta[j] ?? 0);
    const r = residualOf(fb.kind, score, p[k] ?? 0);
    for (let j = 0; j < k; j++) sum[j] = (sum[j] ?? 0) + r * (p[j] ?? 0);
    if (fb.intercept) sum[k] = (sum[k] ?? 0) + r;
  }
  return sum;
}

export interface CollectivePlan extends SteerPlan {
  points: Float64Array[];
}

/** Member i of m sits at (i + 0.5) / m: the atoms get their shares of members, stratified. */
export function memberPosition(i: number, m: number): number {
  return (i + 0.5) / m;
}

/** The members' summed strongest push along v; members with the same box share one search. */
export function pushSum(
  fb: FieldBounds,
  theta: ArrayLike<number>,
  own: readonly Float64Array[],
): (v: Float64Array) => Float64Array {
  const groups = new Map<string, { own: Float64Array; count: number }>();
  for (const o of own) {
    const box = memberBox(o, fb);
    const key = `${box.lo.join(",")}|${box.hi.join(",")}`;
    const group = groups.get(key);
    if (group !== undefined) group.count++;
    else groups.set(key, { own: o, count: 1 });
  }
  return (v) => {
    const sum = new Float64Array(theta.length);
    for (const { own: o, count } of groups.values()) {
      const point = maxPush(fb.kind, theta, v, memberBox(o, fb), o, fb.intercept).point;
      const g = gradientOfPoints(fb, theta, [point]);
      for (let j = 0; j < sum.length; j++) sum[j] = (sum[j] ?? 0) + count * (g[j] ?? 0);
    }
    return sum;
  };
}

/**
 * Can the members' actual points make their gradients at theta sum to G? Labels alone, or
 * with features at their push points (then a share t <= 1 of the way also works, which
 * `planCollective` finds). Used to search for the furthest reachable parameters.
 */
export function isReachable(
  fb: FieldBounds,
  theta: ArrayLike<number>,
  own: readonly Float64Array[],
  need: ArrayLike<number>,
  metric: Float64Array | null = null,
): boolean {
  const G = Float64Array.from(need);
  const m = own.length;
  const still = own.map((o) => geometry(fb, theta, undefined, o));
  if (labelsAt(fb, theta, still, G, 0) !== null) return true;
  const from = gradientOfPoints(
    fb,
    theta,
    still.map((g) => g.start),
  );
  const reach = closestReachable(pushSum(fb, theta, own), G, from, metric);
  const members = own.map((o, i) =>
    geometry(fb, theta, atomAt(reach.atoms, memberPosition(i, m)), o),
  );
  return labelsAt(fb, theta, members, G, 1) !== null;
}

/** The labels solve for members at share t of the way to their push points (null: none). */
function labelsAt(
  fb: FieldBounds,
  theta: ArrayLike<number>,
  members: readonly MemberGeometry[],
  G: Float64Array,
  t: number,
) {
  const m = members.length;
  const d = theta.length;
  const x = new Float64Array(m * d);
  const lo = new Float64Array(m);
  const hi = new Float64Array(m);
  const points = members.map((g, i) => {
    const p = pointAt(g, t, null, fb.intercept);
    const k = p.length - 1;
    for (let j = 0; j < k; j++) x[i * d + j] = p[j] ?? 0;
    if (fb.intercept) x[i * d + k] = 1;
    const y = g.own[k] ?? 0;
    lo[i] = g.labelLo - y;
    hi[i] = g.labelHi - y;
    p[k] = y;
    return p;
  });
  const own0 = gradientOfPoints(fb, theta, points);
  return solveLabels({ x, m, d, b: own0.map((v, j) => v - (G[j] ?? 0)), lo, hi });
}

/**
 * The plan and every member's point, for the members' own records and the need G: exact when
 * the members can reach G (labels, then features too), otherwise the push mix closest to G.
 * `metric` (d×d, e.g. the inverse Hessian of the base loss) measures how far a sum short of G
 * leaves the fit; identity when absent.
 */
export function planCollective(
  fb: FieldBounds,
  theta: ArrayLike<number>,
  own: readonly Float64Array[],
  need: ArrayLike<number>,
  metric: Float64Array | null = null,
): CollectivePlan {
  const G = Float64Array.from(need);
  const m = own.length;
  const thetaList = [...Array.from(theta)];
  const finish = (
    regime: SteerRegime,
    t: number,
    w: Float64Array | null,
    atoms: PushAtom[],
    members: MemberGeometry[],
  ): CollectivePlan => ({
    regime,
    t,
    w: w === null ? null : [...w],
    atoms,
    theta: thetaList,
    points: members.map((g) => pointAt(g, t, w, fb.intercept)),
  });
  const geometries = (atoms: PushAtom[]) =>
    own.map((o, i) => geometry(fb, theta, atomAt(atoms, memberPosition(i, m)), o));

  const still = geometries([]);
  if (m === 0) return finish("push", 1, null, [], still);
  const labelsOnly = labelsAt(fb, theta, still, G, 0);
  if (labelsOnly !== null) return finish("exact", 0, labelsOnly.w, [], still);

  // Two ways to assign push points: the mix of pushes closest to G (reachable.ts), and everyone
  // on the one push that helps most from the own records (what a handful of members, too few
  // to realise a mix, can do). The first that lets the labels finish the job wins.
  const from = gradientOfPoints(
    fb,
    theta,
    still.map((g) => g.start),
  );
  const reach = closestReachable(pushSum(fb, theta, own), G, from, metric);
  const direction = steepest(G, from, metric);
  const candidates = [reach.atoms, [{ direction: [...direction], weight: 1 }]];
  let fallback: CollectivePlan | null = null;
  for (const atoms of candidates) {
    const members = geometries(atoms);
    let best = labelsAt(fb, theta, members, G, 1);
    if (best === null) {
      const plan = finish("push", 1, null, atoms, members);
      if (fallback === null || miss(plan) < miss(fallback)) fallback = plan;
      continue;
    }
    let lo = 0;
    let hi = 1;
    for (let it = 0; it < 24 && norm(G) > 0; it++) {
      const mid = (lo + hi) / 2;
      const sol = labelsAt(fb, theta, members, G, mid);
      if (sol !== null) [hi, best] = [mid, sol];
      else lo = mid;
    }
    return finish("exact", hi, best.w, atoms, members);
  }
  return fallback ?? finish("push", 1, null, [], still);

  function miss(plan: CollectivePlan): number {
    const r = gradientOfPoints(fb, theta, plan.points).map((v, j) => v - (G[j] ?? 0));
    return norm(matVec(metric, r));
  }
}

/** A^T A (G - from): the push direction that shrinks ||A (S - G)|| fastest. */
function steepest(G: Float64Array, from: Float64Array, metric: Float64Array | null): Float64Array {
  return matTVec(
    metric,
    matVec(
      metric,
      G.map((v, j) => v - (from[j] ?? 0)),
    ),
  );
}

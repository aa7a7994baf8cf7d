/**
 * Which gradient sums can the members produce? Each member's feasible points give a set of
 * gradients; with many members the sets' sum is close to its convex hull (Shapley-Folkman), and
 * a point of that hull is a mix of "everyone pushes along v" sums. Frank-Wolfe finds the mix
 * closest to a wanted sum: its linear step is exactly "every member's strongest push along v"
 * (max-push.ts). The result is a few push directions with the share of members on each.
 */
import { dot, matTVec, matVec } from "./linalg";

export interface PushAtom {
  /** The direction members on this atom push along (any scale); empty: they keep their record. */
  direction: number[];
  /** Share of the members on it; the shares add up to 1. */
  weight: number;
}

export interface Reachable {
  atoms: PushAtom[];
  /** The mixed sum sum_j weight_j * push(direction_j). */
  sum: Float64Array;
  /** f = ||A (sum - wanted)||^2 at the end, and a lower bound on its minimum (Frank-Wolfe gap). */
  value: number;
  lowerBound: number;
}

/**
 * The mix of pushes whose sum is closest to `wanted` in the metric A (minimise ||A (S - wanted)||^2;
 * A = the inverse Hessian makes this the parameter error of a Newton step). `push(v)` returns
 * the members' summed gradient when each pushes as hard as they can along v. `from` is the sum
 * of the members' own records (the first atom).
 */
export function closestReachable(
  push: (direction: Float64Array) => Float64Array,
  wanted: ArrayLike<number>,
  from: ArrayLike<number>,
  metric: Float64Array | null = null,
  iterations = 80,
): Reachable {
  const residual = (s: ArrayLike<number>) =>
    matVec(
      metric,
      Float64Array.from(s, (v, j) => v - (wanted[j] ?? 0)),
    );
  // -grad f / 2 = A^T A (wanted - S): the direction in which more push helps most.
  const descent = (s: ArrayLike<number>) =>
    matTVec(
      metric,
      residual(s).map((v) => -v),
    );
  // Start from the members' own records (an atom with no push), so a need far smaller than one
  // push is met by a few members pushing, not by everyone pushing and cancelling each other.
  const atoms: PushAtom[] = [{ direction: [], weight: 1 }];
  let sum = Float64Array.from(from);
  let value = dot(residual(sum), residual(sum));
  let lowerBound = -Infinity;
  for (let it = 0; it < iterations && value > 0; it++) {
    const v = descent(sum);
    if (dot(v, v) === 0) break;
    const s = push(v);
    // f(S*) >= f(S) - <grad f(S), S - s> (convexity): the Frank-Wolfe gap.
    const gap = 2 * (dot(v, s) - dot(v, sum));
    lowerBound = Math.max(lowerBound, value - gap);
    if (gap <= 1e-14 * Math.max(value, 1e-300)) break;
    const rs = residual(sum);
    const step = matVec(
      metric,
      Float64Array.from(s, (x, j) => x - (sum[j] ?? 0)),
    );
    const size = dot(step, step);
    if (size === 0) break;
    const gamma = Math.min(1, Math.max(0, -dot(rs, step) / size));
    if (gamma === 0) break;
    for (const atom of atoms) atom.weight *= 1 - gamma;
    const norm = Math.sqrt(dot(v, v));
    const same = atoms.find((a) => {
      const an = Math.sqrt(dot(a.direction, a.direction));
      return an > 0 && dot(a.direction, v) >= (1 - 1e-12) * an * norm;
    });
    if (same !== undefined) same.weight += gamma;
    else atoms.push({ direction: [...v], weight: gamma });
    sum = Float64Array.from(sum, (x, j) => x + gamma * ((s[j] ?? 0) - x));
    value = dot(residual(sum), residual(sum));
  }
  const kept = atoms.filter((a) => a.weight > 1e-9);
  const total = kept.reduce((acc, a) => acc + a.weight, 0);
  for (const a of kept) a.weight /= total;
  return { atoms: kept, sum, value, lowerBound: Math.max(0, lowerBound) };
}

/** The atom a member at `position` in [0, 1) is on: cumulative shares, in the atoms' order. */
export function atomAt(atoms: readonly PushAtom[], position: number): PushAtom | undefined {
  let acc = 0;
  for (const atom of atoms) {
    acc += atom.weight;
    if (position < acc) return atom;
  }
  return atoms[atoms.length - 1];
}

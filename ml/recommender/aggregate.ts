/**
 * From per-run outcomes to the result's points: means with 95% t-intervals over seeds (the
 * classifier simulator's `tInterval`), and the critical mass for a target amplification or
 * target recommendation share.
 */
import { tInterval } from "../simulate/aggregate";
import type { SequenceRunOutcome } from "./run-one";
import type { CriticalMass, SequencePoint, SequenceSpec } from "./spec";

/** Recommendation share over training share; 0 when the item is in no training sequence. */
export function amplificationOf(recommended: number, targetShare: number): number {
  return targetShare > 0 ? recommended / targetShare : 0;
}

export function aggregateSequenceRuns(
  spec: SequenceSpec,
  outcomes: readonly SequenceRunOutcome[],
): SequencePoint[] {
  const unbounded: [number, number] = [0, Number.POSITIVE_INFINITY];
  return spec.alphas.map((alpha, a) => {
    const runs = outcomes
      .filter((o) => o.alphaIndex === a)
      .sort((x, y) => x.seedIndex - y.seedIndex);
    const amplification = (j: number) =>
      tInterval(
        runs.map((r) => amplificationOf(r.recommended[j] ?? 0, r.targetShares[j] ?? 0)),
        unbounded,
      );
    const point: SequencePoint = {
      alpha,
      collectiveSize: runs[0]?.sizes[0] ?? 0,
      amplification: amplification(0),
      targetRecommendations: tInterval(runs.map((r) => r.recommended[0] ?? 0)),
      amplificationVsPeers: tInterval(
        runs.map((r) => amplificationOf(r.recommended[0] ?? 0, r.peerRecommended[0] ?? 0)),
        unbounded,
      ),
      ndcg: tInterval(runs.map((r) => r.ndcg)),
      targetShare: tInterval(runs.map((r) => r.targetShares[0] ?? 0)).mean,
    };
    if (spec.others.length > 0) {
      point.others = spec.others.map((o, k) => ({
        item: o.campaign.item,
        collectiveSize: runs[0]?.sizes[k + 1] ?? 0,
        amplification: amplification(k + 1),
        targetRecommendations: tInterval(runs.map((r) => r.recommended[k + 1] ?? 0)),
      }));
    }
    return point;
  });
}

/**
 * Smallest alpha whose mean reaches `target`: the first grid point (by alpha) that does,
 * linearly interpolated from the point below it. Not interpolated when there is no point
 * below, or the one below is not comparable (no training sequence held the item, so its
 * amplification is 0 by convention rather than measured). Amplification is not monotone in
 * alpha (it is often largest for the smallest collectives), so "first reached" is the answer.
 */
export function criticalMassOf(
  points: readonly SequencePoint[],
  value: (p: SequencePoint) => number,
  target: number,
  nTrain: number,
  comparable: (p: SequencePoint) => boolean = () => true,
): CriticalMass {
  const sorted = points.slice().sort((a, b) => a.alpha - b.alpha);
  const i = sorted.findIndex((p) => value(p) >= target);
  const hit = sorted[i];
  if (hit === undefined) return { target, alpha: null, collectiveSize: null, interpolated: false };
  const below = sorted[i - 1];
  let alpha = hit.alpha;
  let interpolated = false;
  if (below !== undefined && comparable(below)) {
    const v0 = value(below);
    const v1 = value(hit);
    alpha =
      v1 > v0 ? below.alpha + ((target - v0) / (v1 - v0)) * (hit.alpha - below.alpha) : hit.alpha;
    interpolated = true;
  }
  return { target, alpha, collectiveSize: Math.ceil(alpha * nTrain), interpolated };
}

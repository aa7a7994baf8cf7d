import { describe, expect, it } from "vitest";
import { amplificationOf, criticalMassOf, ndcgAt, type SequencePoint } from "@/ml/recommender";
import { peerShare } from "@/ml/recommender/run-one";

function point(alpha: number, amplification: number, targetShare = alpha): SequencePoint {
  const at = (mean: number) => ({ mean, low: mean, high: mean });
  return {
    alpha,
    collectiveSize: Math.round(alpha * 1000),
    amplification: at(amplification),
    amplificationVsPeers: at(0),
    targetRecommendations: at(amplification * targetShare),
    ndcg: at(0.2),
    targetShare,
  };
}

describe("measures", () => {
  it("NDCG@K with binary relevance (worked by hand)", () => {
    // Hits at ranks 2 and 3 of 3; ideal: 3 relevant items at ranks 1-3.
    const dcg = 1 / Math.log2(3) + 1 / Math.log2(4);
    const ideal = 1 + 1 / Math.log2(3) + 1 / Math.log2(4);
    expect(ndcgAt([5, 1, 7], new Set([1, 7, 9]), 3)).toBeCloseTo(dcg / ideal, 12);
    expect(ndcgAt([1, 7, 9], new Set([1, 7, 9]), 3)).toBeCloseTo(1, 12);
    // Only the first K count; fewer held-out items than K cap the ideal.
    expect(ndcgAt([4, 1], new Set([1]), 1)).toBe(0);
    expect(ndcgAt([4, 1], new Set([1]), 2)).toBeCloseTo(1 / Math.log2(3), 12);
  });

  it("amplification: recommendation share over training share, 0 without training share", () => {
    expect(amplificationOf(0.05, 0.01)).toBeCloseTo(5);
    expect(amplificationOf(0, 0)).toBe(0);
  });

  it("peers: the mean recommendation share of items with about the same training count", () => {
    const counts = Int32Array.from([4, 4, 5, 9, 4, 100]);
    const perItem = Int32Array.from([10, 0, 20, 50, 99, 0]);
    const exclude = Uint8Array.from([0, 0, 0, 0, 1, 0]); // item 4 is the target
    // Count 4 +-20%: items 0, 1, 2 (item 4 excluded); few peers, so the band widens to 9 too.
    const widened = (10 + 0 + 20 + 50) / (4 * 100);
    expect(peerShare(counts, perItem, 100, 4, exclude)).toBeCloseTo(widened);
    expect(peerShare(counts, perItem, 100, 0, exclude)).toBe(0);
  });

  it("critical mass: the first alpha reaching the target, interpolated from the point below", () => {
    const points = [point(0, 0, 0), point(0.001, 2), point(0.002, 6), point(0.005, 4)];
    expect(criticalMassOf(points, (p) => p.amplification.mean, 4, 1000)).toEqual({
      target: 4,
      alpha: 0.0015,
      collectiveSize: 2,
      interpolated: true,
    });
    // Below the first reaching point is alpha 0, where the item was in no training sequence.
    const comparable = (p: SequencePoint) => p.targetShare > 0;
    expect(criticalMassOf(points, (p) => p.amplification.mean, 1, 1000, comparable)).toMatchObject({
      alpha: 0.001,
      interpolated: false,
    });
    expect(criticalMassOf(points, (p) => p.amplification.mean, 10, 1000).alpha).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { computeOpinionGroups, type OpinionGroups } from "@/deliberation/opinion-groups";
import { runKMeans, silhouetteScore } from "@/deliberation/kmeans";
import { fitPca } from "@/deliberation/pca";
import type { Vote, VoteCell, VoteMatrix } from "@/deliberation/vote-matrix";
import {
  adjustedRandIndex,
  bestPermutationAccuracy,
  plantedMatrix,
  randomMatrix,
} from "./synthetic-votes";

// Three camps over 12 statements: each agrees with its own 4 and disagrees with the rest.
const threeCamps: Vote[][] = [0, 1, 2].map((g) =>
  Array.from({ length: 12 }, (_, j): Vote => (Math.floor(j / 4) === g ? 1 : -1)),
);

function groupsOf(matrix: VoteMatrix): OpinionGroups {
  const result = computeOpinionGroups(matrix);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

function labelsOf(groups: OpinionGroups): number[] {
  return groups.participants.map((p) => p.groupId ?? -1);
}

describe("computeOpinionGroups: planted groups", () => {
  it.each([1, 2, 3, 4, 5])(
    "recovers 3 planted camps of 10 with noise and unseen votes (seed %i)",
    (seed) => {
      const planted = plantedMatrix({
        patterns: threeCamps,
        sizes: [10, 10, 10],
        noise: 0.2,
        missing: 0.05,
        seed,
      });
      const groups = groupsOf(planted.matrix);
      expect(groups.structure).toBe("groups");
      expect(groups.groups).toHaveLength(3);
      const labels = labelsOf(groups);
      expect(labels).not.toContain(-1);
      expect(bestPermutationAccuracy(labels, planted.truth)).toBeGreaterThanOrEqual(0.9);
      expect(adjustedRandIndex(labels, planted.truth)).toBeGreaterThanOrEqual(0.75);
    },
  );

  it("recovers random planted patterns, two groups of unequal size", () => {
    const patterns: Vote[][] = [
      [1, 1, -1, 1, -1, -1, 1, 0, 1, -1],
      [-1, 1, 1, -1, 1, -1, -1, 0, -1, 1],
    ];
    const planted = plantedMatrix({ patterns, sizes: [16, 8], noise: 0.15, missing: 0, seed: 9 });
    const groups = groupsOf(planted.matrix);
    expect(groups.groups.map((g) => g.size)).toEqual([16, 8]);
    expect(bestPermutationAccuracy(labelsOf(groups), planted.truth)).toBe(1);
  });

  it("reports sizes, centroids and explained variance consistent with the points", () => {
    const planted = plantedMatrix({
      patterns: threeCamps,
      sizes: [12, 10, 8],
      noise: 0.1,
      missing: 0,
      seed: 3,
    });
    const groups = groupsOf(planted.matrix);
    expect(groups.groups.map((g) => g.size)).toEqual([12, 10, 8]);
    for (const g of groups.groups) {
      const members = groups.participants.filter((p) => p.groupId === g.id);
      const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
      expect(g.centroid.x).toBeCloseTo(mean(members.map((p) => p.x)), 9);
      expect(g.centroid.y).toBeCloseTo(mean(members.map((p) => p.y)), 9);
    }
    const [first, second] = groups.explainedVariance;
    expect(first).toBeGreaterThan(second);
    expect(first + second).toBeGreaterThan(0.6);
    expect(first + second).toBeLessThanOrEqual(1 + 1e-9);
    expect(groups.nullExplainedVariance).not.toBeNull();
    expect(first).toBeGreaterThan(groups.nullExplainedVariance ?? 1);
  });

  it("never returns a group smaller than minGroupSize (a tiny group would expose its votes)", () => {
    const planted = plantedMatrix({
      patterns: threeCamps,
      sizes: [12, 12, 3],
      noise: 0.05,
      missing: 0,
      seed: 4,
    });
    const groups = groupsOf(planted.matrix);
    expect(groups.groups.length).toBeGreaterThanOrEqual(1);
    for (const g of groups.groups) expect(g.size).toBeGreaterThanOrEqual(5);
    for (const c of groups.candidates) expect(c.isAllowed).toBe(c.smallestGroup >= 5);
  });
});

describe("computeOpinionGroups: no structure", () => {
  it.each([
    [30, 12, 1],
    [40, 7, 2],
    [60, 20, 3],
    [25, 30, 4],
    [100, 10, 5],
  ])("finds one group in uniformly random votes (%i x %i, seed %i)", (n, p, seed) => {
    const groups = groupsOf(randomMatrix(n, p, seed));
    expect(groups.structure).toBe("no_structure");
    expect(groups.groups).toHaveLength(1);
    expect(groups.groups[0]?.size).toBe(
      groups.participants.filter((x) => x.groupId !== null).length,
    );
  });

  it("finds one group, with no variance, when everyone votes the same", () => {
    const votes = Array.from({ length: 20 }, (): VoteCell[] => [1, -1, 1, 1, 0, -1, 1, 1]);
    const groups = groupsOf({
      participantIds: votes.map((_, i) => `p${i}`),
      statementIds: votes[0]?.map((_, j) => `s${j}`) ?? [],
      votes,
    });
    expect(groups.groups).toHaveLength(1);
    expect(groups.explainedVariance).toEqual([0, 0]);
    expect(groups.participants.every((p) => p.x === 0 && p.y === 0 && p.groupId === 0)).toBe(true);
  });

  it("uses one group below two minimum-size groups of participants", () => {
    const planted = plantedMatrix({
      patterns: threeCamps,
      sizes: [4, 4, 1],
      noise: 0,
      missing: 0,
      seed: 1,
    });
    const groups = groupsOf(planted.matrix);
    expect(groups.structure).toBe("too_few_participants");
    expect(groups.groups).toEqual([expect.objectContaining({ id: 0, size: 9 })]);
  });
});

describe("computeOpinionGroups: participants and determinism", () => {
  it("clusters only participants with at least 7 votes (or all statements when fewer)", () => {
    const planted = plantedMatrix({
      patterns: threeCamps,
      sizes: [10, 10, 10],
      noise: 0.1,
      missing: 0,
      seed: 2,
    });
    const votes = planted.matrix.votes.map((row) => row.slice());
    // Two late joiners: 6 and 7 votes out of 12.
    votes.push([1, 1, 1, 1, -1, -1, null, null, null, null, null, null]);
    votes.push([1, 1, 1, 1, -1, -1, -1, null, null, null, null, null]);
    const matrix = {
      ...planted.matrix,
      participantIds: [...planted.matrix.participantIds, "late6", "late7"],
      votes,
    };
    const groups = groupsOf(matrix);
    const late6 = groups.participants.find((p) => p.participantId === "late6");
    const late7 = groups.participants.find((p) => p.participantId === "late7");
    expect(groups.minVotes).toBe(7);
    expect(late6).toMatchObject({ groupId: null, voteCount: 6 });
    expect(late7?.groupId).not.toBeNull();
    expect(Number.isFinite(late6?.x)).toBe(true);
    expect(groups.groups.reduce((s, g) => s + g.size, 0)).toBe(31);

    const short = groupsOf({
      participantIds: ["a", "b"],
      statementIds: ["s1", "s2"],
      votes: [
        [1, null],
        [1, -1],
      ],
    });
    expect(short.minVotes).toBe(2);
    expect(short.participants.map((p) => p.groupId)).toEqual([null, 0]);
  });

  it("pushes sparse voters back out by sqrt(statements / votes), as Pol.is does", () => {
    const planted = plantedMatrix({
      patterns: threeCamps,
      sizes: [10, 10, 10],
      noise: 0.1,
      missing: 0,
      seed: 8,
    });
    const sparse = [...(threeCamps[0] ?? []).slice(0, 8), null, null, null, null];
    const matrix = {
      ...planted.matrix,
      participantIds: [...planted.matrix.participantIds, "sparse"],
      votes: [...planted.matrix.votes, sparse],
    };
    const scaled = computeOpinionGroups(matrix);
    const plain = computeOpinionGroups(matrix, { scaleSparse: false });
    if (!scaled.ok || !plain.ok) throw new Error("unexpected failure");
    const norm = (g: OpinionGroups, id: string) => {
      const p = g.participants.find((x) => x.participantId === id);
      return Math.hypot(p?.x ?? 0, p?.y ?? 0);
    };
    expect(norm(scaled.value, "sparse") / norm(plain.value, "sparse")).toBeCloseTo(
      Math.sqrt(12 / 8),
      9,
    );
    expect(norm(scaled.value, "p000")).toBeCloseTo(norm(plain.value, "p000"), 9);
  });

  it("gives identical output for identical input", () => {
    const planted = plantedMatrix({
      patterns: threeCamps,
      sizes: [10, 10, 10],
      noise: 0.25,
      missing: 0.1,
      seed: 11,
    });
    expect(groupsOf(planted.matrix)).toEqual(groupsOf(planted.matrix));
  });

  it("gives the same partition whatever order the participants come in", () => {
    const planted = plantedMatrix({
      patterns: threeCamps,
      sizes: [10, 10, 10],
      noise: 0.15,
      missing: 0.05,
      seed: 6,
    });
    const order = planted.matrix.participantIds.map((_, i) => i).reverse();
    const reversed: VoteMatrix = {
      statementIds: planted.matrix.statementIds,
      participantIds: order.map((i) => planted.matrix.participantIds[i] ?? ""),
      votes: order.map((i) => planted.matrix.votes[i] ?? []),
    };
    const byId = (g: OpinionGroups) =>
      new Map(g.participants.map((p) => [p.participantId, p.groupId ?? -1]));
    const a = byId(groupsOf(planted.matrix));
    const b = byId(groupsOf(reversed));
    const ids = planted.matrix.participantIds;
    expect(
      adjustedRandIndex(
        ids.map((id) => a.get(id) ?? -2),
        ids.map((id) => b.get(id) ?? -2),
      ),
    ).toBe(1);
  });

  it("rejects a malformed matrix as a value", () => {
    const result = computeOpinionGroups({
      participantIds: ["a"],
      statementIds: ["s1", "s2"],
      votes: [[1]],
    });
    expect(result).toMatchObject({ ok: false, code: "invalid_matrix" });
  });
});

describe("pca and k-means building blocks", () => {
  it("finds the direction of a line with a fixed sign", () => {
    const rows = [-2, -1, 0, 1, 2, 3].map((t) => [-t, -2 * t]);
    const pca = fitPca(rows, 2);
    const [c1] = pca.components;
    expect(Math.abs(c1?.[0] ?? 0)).toBeCloseTo(1 / Math.sqrt(5), 6);
    // Sign rule: the largest loading is positive.
    expect(c1?.[1]).toBeCloseTo(2 / Math.sqrt(5), 6);
    expect(pca.explainedVarianceRatio[0]).toBeCloseTo(1, 9);
  });

  it("separates two far blobs with a silhouette near 1", () => {
    const points = [
      [0, 0],
      [0.1, 0],
      [0, 0.1],
      [0.1, 0.1],
      [10, 10],
      [10.1, 10],
      [10, 10.1],
      [10.1, 10.1],
    ];
    const km = runKMeans(points, 2, { seed: 1 });
    expect(new Set(km.labels.slice(0, 4)).size).toBe(1);
    expect(km.labels[0]).not.toBe(km.labels[4]);
    expect(silhouetteScore(points, km.labels, 2)).toBeGreaterThan(0.95);
  });
});

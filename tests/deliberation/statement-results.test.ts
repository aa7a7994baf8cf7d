import { describe, expect, it } from "vitest";
import { computeStatementResults } from "@/deliberation/statement-results";
import type { Vote } from "@/deliberation/vote-matrix";
import { plantedMatrix } from "./synthetic-votes";

const camps: Vote[][] = [0, 1].map((g) => [
  ...Array.from({ length: 8 }, (_, j): Vote => (Math.floor(j / 4) === g ? 1 : -1)),
  1,
]);

// The application's minimum-count rule (MIN_GROUP_SIZE in lib/privacy.ts).
const minimum = 5;

describe("computeStatementResults", () => {
  it("withholds everything below 5 participants", () => {
    const small = plantedMatrix({ patterns: camps, sizes: [2, 2], noise: 0, missing: 0, seed: 1 });
    expect(computeStatementResults(small.matrix, { minimum })).toEqual({
      ok: true,
      value: {
        isVisible: false,
        participants: "fewer than 5",
        message: "Results appear once at least 5 people have taken part.",
      },
    });
  });

  it("returns tallies, groups and an id-free map ordered by group and position", () => {
    const { matrix } = plantedMatrix({
      patterns: camps,
      sizes: [10, 10],
      noise: 0.1,
      missing: 0,
      seed: 2,
    });
    const result = computeStatementResults(matrix, { minimum, viewerId: "p003" });
    if (!result.ok || !result.value.isVisible) throw new Error("expected visible results");
    const r = result.value.results;
    expect(result.value.participants).toBe(20);
    expect(r.groups.map((g) => g.size)).toEqual([10, 10]);
    expect(r.tallies).toHaveLength(9);
    expect(r.consensus.map((c) => c.statementId)).toEqual(["s8"]);
    expect(r.points.filter((p) => p.isViewer)).toHaveLength(1);
    expect(JSON.stringify(r)).not.toMatch(/p0\d\d/);
    const order = r.points.map((p) => [p.groupId ?? -1, p.x]);
    const sorted = [...order].sort(
      (a, b) => (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? 0) - (b[1] ?? 0),
    );
    expect(order).toEqual(sorted);
  });

  it("holds the whole session and every opinion group to the minimum it is given", () => {
    const { matrix } = plantedMatrix({
      patterns: camps,
      sizes: [10, 10],
      noise: 0.1,
      missing: 0,
      seed: 2,
    });
    expect(computeStatementResults(matrix, { minimum: 21 })).toMatchObject({
      ok: true,
      value: { isVisible: false, participants: "fewer than 21" },
    });
    // 20 people clear a minimum of 11, but two camps of 10 would each be a group under it.
    const result = computeStatementResults(matrix, { minimum: 11 });
    if (!result.ok || !result.value.isVisible) throw new Error("expected visible results");
    expect(result.value.results.groups.every((g) => g.size >= 11)).toBe(true);
    expect(result.value.results.groups.map((g) => g.size)).not.toEqual([10, 10]);
  });
});

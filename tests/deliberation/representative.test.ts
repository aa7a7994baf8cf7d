import { describe, expect, it } from "vitest";
import { computeOpinionGroups } from "@/deliberation/opinion-groups";
import {
  computeConsensusStatements,
  computeRepresentativeStatements,
  proportionZ,
  smoothed,
  twoProportionZ,
  type GroupRepresentatives,
} from "@/deliberation/representative";
import type { Vote } from "@/deliberation/vote-matrix";
import { plantedMatrix } from "./synthetic-votes";

// s0-s2: only camp 0 agrees; s3-s5: only camp 1; s6-s8: only camp 2;
// s9: everyone agrees; s10: camps 0 and 1 agree, camp 2 disagrees (divisive); s11: everyone disagrees.
const patterns: Vote[][] = [0, 1, 2].map((g) => [
  ...Array.from({ length: 9 }, (_, j): Vote => (Math.floor(j / 3) === g ? 1 : -1)),
  1,
  g === 2 ? -1 : 1,
  -1,
]);
const plantedFor = [
  ["s0", "s1", "s2"],
  ["s3", "s4", "s5"],
  ["s6", "s7", "s8", "s10"],
];
const planted = plantedMatrix({
  patterns,
  sizes: [10, 10, 10],
  noise: 0.15,
  missing: 0.05,
  seed: 21,
});

function repsOf(groupIds: readonly (number | null)[]): GroupRepresentatives[] {
  const result = computeRepresentativeStatements(planted.matrix, groupIds);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

function ids(reps: GroupRepresentatives[], groupId: number, count: number): string[] {
  return (reps.find((r) => r.groupId === groupId)?.statements ?? [])
    .slice(0, count)
    .map((s) => s.statementId)
    .sort();
}

describe("representative statements", () => {
  it("ranks each camp's planted statements first and lists all of them", () => {
    const reps = repsOf(planted.truth);
    plantedFor.forEach((own, camp) => {
      for (const id of ids(reps, camp, 3)) expect(own).toContain(id);
      for (const id of own) expect(ids(reps, camp, 5)).toContain(id);
    });
    // Camp 2 is set apart by disagreeing with s10, the others by agreeing with their own.
    const s10 = reps[2]?.statements.find((s) => s.statementId === "s10");
    expect(s10?.direction).toBe("disagree");
    expect(reps[0]?.statements.find((s) => s.statementId === "s0")?.direction).toBe("agree");
  });

  it("never calls a consensus statement representative, and caps the list", () => {
    const reps = repsOf(planted.truth);
    for (const r of reps) {
      expect(r.statements.length).toBeLessThanOrEqual(5);
      expect(r.statements.map((s) => s.statementId)).not.toContain("s9");
      expect(r.statements.map((s) => s.statementId)).not.toContain("s11");
      for (const s of r.statements) {
        expect(s.zGroup).toBeGreaterThan(1.2816);
        expect(s.zVsRest).toBeGreaterThan(1.2816);
        expect(s.groupProbability).toBeGreaterThan(s.restProbability);
      }
    }
  });

  it("finds the planted statements through the full clustering pipeline", () => {
    const groups = computeOpinionGroups(planted.matrix);
    if (!groups.ok) throw new Error(groups.message);
    const groupIds = groups.value.participants.map((p) => p.groupId);
    const reps = repsOf(groupIds);
    // Map each found group to the camp most of its members came from.
    for (const g of groups.value.groups) {
      const camps = planted.truth.filter((_, i) => groupIds[i] === g.id);
      const camp = [0, 1, 2].sort(
        (a, b) => camps.filter((c) => c === b).length - camps.filter((c) => c === a).length,
      )[0];
      const own = plantedFor[camp ?? 0] ?? [];
      for (const id of ids(reps, g.id, 3)) expect(own).toContain(id);
      for (const id of own) expect(ids(reps, g.id, 5)).toContain(id);
    }
  });

  it("returns no representative statements for a single group (nothing to differ from)", () => {
    const reps = repsOf(planted.truth.map(() => 0));
    expect(reps).toEqual([{ groupId: 0, statements: [] }]);
  });

  it("rejects group ids that do not match the rows", () => {
    const result = computeRepresentativeStatements(planted.matrix, [0, 1]);
    expect(result).toMatchObject({ ok: false, code: "invalid_groups" });
  });
});

describe("consensus statements", () => {
  it("finds what every camp agrees (and disagrees) with, not the divisive statement", () => {
    const result = computeConsensusStatements(planted.matrix, planted.truth);
    if (!result.ok) throw new Error(result.message);
    const found = result.value.map((c) => `${c.statementId}:${c.direction}`).sort();
    expect(found).toEqual(["s11:disagree", "s9:agree"]);
    for (const c of result.value) {
      expect(c.groups).toHaveLength(3);
      for (const g of c.groups) expect(g.probability).toBeGreaterThanOrEqual(0.6);
      const product = c.groups.reduce((p, g) => p * g.probability, 1);
      expect(c.groupInformedConsensus).toBeCloseTo(product, 12);
    }
  });

  it("does not let a large group outvote a smaller one into consensus", () => {
    // 8 agree and 4 disagree: a 2/3 majority overall, but the second group is against it.
    const votes = Array.from({ length: 12 }, (_, i): Vote[] => [i < 8 ? 1 : -1]);
    const matrix = { participantIds: votes.map((_, i) => `p${i}`), statementIds: ["s"], votes };
    const asOneGroup = computeConsensusStatements(
      matrix,
      votes.map(() => 0),
    );
    expect(asOneGroup.ok && asOneGroup.value.map((c) => c.statementId)).toEqual(["s"]);
    const byGroup = computeConsensusStatements(
      matrix,
      votes.map((_, i) => (i < 8 ? 0 : 1)),
    );
    expect(byGroup.ok && byGroup.value).toEqual([]);
  });

  it("needs enough votes from every group", () => {
    // Everyone agrees, but group 1 has only 2 voters: 3/4 smoothed, yet too few votes.
    const matrix = {
      participantIds: ["a", "b", "c", "d", "e"],
      statementIds: ["s"],
      votes: [[1], [1], [1], [1], [1]] as const,
    };
    const strict = computeConsensusStatements(matrix, [0, 0, 0, 1, 1]);
    expect(strict.ok && strict.value).toEqual([]);
    const lenient = computeConsensusStatements(matrix, [0, 0, 0, 1, 1], { minSeenPerGroup: 2 });
    expect(lenient.ok && lenient.value.map((c) => c.statementId)).toEqual(["s"]);
  });
});

describe("statistics", () => {
  it("smooths with add-one counts and matches the Pol.is z formulas", () => {
    expect(smoothed(2, 2)).toBe(0.75);
    expect(smoothed(0, 0)).toBe(0.5);
    expect(proportionZ(9, 10)).toBeCloseTo(2 * Math.sqrt(11) * (10 / 11 - 0.5), 12);
    expect(twoProportionZ(5, 5, 5, 5)).toBe(0);
    expect(twoProportionZ(9, 10, 1, 10)).toBeGreaterThan(3);
    expect(twoProportionZ(1, 10, 9, 10)).toBeLessThan(-3);
  });
});

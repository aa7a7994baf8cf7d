import { describe, expect, it } from "vitest";
import { createRng } from "@/core/random";
import { embedVotes } from "@/deliberation/embedding";
import { runNullTest } from "@/deliberation/null-test";
import { computeOpinionGroups } from "@/deliberation/opinion-groups";
import type { Vote, VoteCell, VoteMatrix } from "@/deliberation/vote-matrix";
import { covarianceOf, jacobiEigenvalues } from "./reference-eigen";
import { plantedMatrix, randomMatrix } from "./synthetic-votes";

const samples = 19;

/** First-axis share of the mean-filled votes, by the Jacobi oracle. */
function firstShare(rows: readonly (readonly VoteCell[])[], p: number): number {
  const means = Array.from({ length: p }, (_, j) => {
    const seen = rows.map((r) => r[j]).filter((v): v is Vote => v !== null && v !== undefined);
    return seen.length > 0 ? seen.reduce<number>((s, v) => s + v, 0) / seen.length : 0;
  });
  const filled = rows.map((r) => r.map((v, j) => v ?? means[j] ?? 0));
  const cov = covarianceOf(filled);
  const trace = cov.reduce((s, row, j) => s + (row[j] ?? 0), 0);
  return (jacobiEigenvalues(cov)[0] ?? 0) / trace;
}

/**
 * The exact test, written the plain way: the documented copies (Fisher-Yates within each
 * statement, from the bottom row, seeded (seed * 7919 + r + 1) * 40503), each copy's share
 * from the Jacobi oracle. Returns the real share and every copy's share.
 */
function exactTest(matrix: VoteMatrix, seed: number) {
  const p = matrix.statementIds.length;
  const real = firstShare(matrix.votes, p);
  const copies = Array.from({ length: samples }, (_, r) => {
    const rng = createRng((seed * 7919 + r + 1) * 40503);
    const rows = matrix.votes.map((row) => row.slice());
    for (let j = 0; j < p; j++) {
      for (let i = rows.length - 1; i > 0; i--) {
        const a = rows[i];
        const b = rows[rng.int(i + 1)];
        if (!a || !b) continue;
        const tmp = a[j] ?? null;
        a[j] = b[j] ?? null;
        b[j] = tmp;
      }
    }
    return firstShare(rows, p);
  });
  return { real, copies };
}

function nullTestOf(matrix: VoteMatrix, margin: number, seed: number) {
  const p = matrix.statementIds.length;
  const embedding = embedVotes(matrix.votes, matrix.votes, p, true);
  return runNullTest(embedding.votes, embedding.explained[0], embedding.totalVariance, {
    samples,
    margin,
    seed,
  });
}

function weaklyPlanted(seed: number): VoteMatrix {
  const rng = createRng(seed + 100);
  const patterns = [0, 1].map(() =>
    Array.from({ length: 10 }, (): Vote => (rng.next() < 0.5 ? 1 : -1)),
  );
  return plantedMatrix({ patterns, sizes: [20, 20], noise: 0.3 + 0.08 * seed, missing: 0.1, seed })
    .matrix;
}

describe("runNullTest", () => {
  const cases = [
    ...[1, 2, 3, 4, 5, 6].map((seed) => ({
      name: `random votes ${seed}`,
      seed,
      matrix: randomMatrix(40, 10, seed),
    })),
    ...[1, 2, 3, 4, 5, 6].map((seed) => ({
      name: `weak groups ${seed}`,
      seed,
      matrix: weaklyPlanted(seed),
    })),
  ];

  it.each(cases.flatMap((c) => [1, 1.05].map((margin) => ({ ...c, margin }))))(
    "decides like the exact permutation test and stops at the first copy that beats the real share ($name, margin $margin)",
    ({ matrix, seed, margin }) => {
      const exact = exactTest(matrix, seed);
      const first = exact.copies.findIndex((share) => share * margin >= exact.real);
      const result = nullTestOf(matrix, margin, seed);
      expect(result.hasAxis).toBe(first === -1);
      expect(result.copies).toBe(first === -1 ? samples : first + 1);
      // Every copy's value is a lower bound of its exact share.
      expect(result.largestShare).toBeLessThanOrEqual(Math.max(...exact.copies) + 1e-9);
      if (!result.hasAxis)
        expect(result.largestShare * margin).toBeGreaterThanOrEqual(exact.real - 1e-9);
    },
  );

  it("mixes both outcomes across these cases, so the agreement above means something", () => {
    const outcomes = cases.map((c) => nullTestOf(c.matrix, 1.05, c.seed).hasAxis);
    expect(outcomes).toContain(true);
    expect(outcomes).toContain(false);
  });

  it("settles copies of planted groups long before Lanczos would converge", () => {
    const camps = [0, 1, 2].map((g) =>
      Array.from({ length: 60 }, (_, j): Vote => (j % 3 === g ? 1 : -1)),
    );
    const planted = plantedMatrix({
      patterns: camps,
      sizes: [100, 100, 100],
      noise: 0.4,
      missing: 0.3,
      seed: 2,
    });
    const result = nullTestOf(planted.matrix, 1.05, 0);
    expect(result.hasAxis).toBe(true);
    expect(result.copies).toBe(samples);
    // A run to exhaustion needs up to 60 products per copy; the bound settles each in far fewer.
    expect(result.products).toBeLessThan(samples * 20);
  });
});

describe("the null test inside computeOpinionGroups", () => {
  it("keeps false alarms on random votes rare when it alone decides (silhouette gate off)", () => {
    const shapes = [
      [40, 8],
      [60, 20],
      [100, 10],
      [150, 40],
    ];
    let alarms = 0;
    let total = 0;
    for (const [n = 0, p = 0] of shapes) {
      for (let seed = 1; seed <= 10; seed++) {
        const result = computeOpinionGroups(randomMatrix(n, p, 500 + seed), { minSilhouette: 0 });
        if (!result.ok) throw new Error(result.message);
        if (result.value.structure === "groups") alarms++;
        total++;
      }
    }
    // A 5% test with a 1.05 margin: at most 2 of 40 (0 of these 40, with the old power
    // iteration and with Lanczos alike).
    expect(total).toBe(40);
    expect(alarms).toBeLessThanOrEqual(2);
  });

  it("accepts planted groups at 600 x 80 and reports a null share below the real one", () => {
    const camps = [0, 1, 2].map((g) =>
      Array.from({ length: 80 }, (_, j): Vote => (Math.floor(j / 27) === g ? 1 : -1)),
    );
    const planted = plantedMatrix({
      patterns: camps,
      sizes: [200, 200, 200],
      noise: 0.5,
      missing: 0.4,
      seed: 5,
    });
    const result = computeOpinionGroups(planted.matrix);
    if (!result.ok) throw new Error(result.message);
    expect(result.value.structure).toBe("groups");
    expect(result.value.groups).toHaveLength(3);
    expect(result.value.nullExplainedVariance ?? 1).toBeLessThan(
      result.value.explainedVariance[0] / 1.05,
    );
  });

  it("rejects random votes at 600 x 80 even when the silhouette gate is off", () => {
    const result = computeOpinionGroups(randomMatrix(600, 80, 9), { minSilhouette: 0 });
    if (!result.ok) throw new Error(result.message);
    expect(result.value.structure).toBe("no_structure");
    expect((result.value.nullExplainedVariance ?? 0) * 1.05).toBeGreaterThanOrEqual(
      result.value.explainedVariance[0],
    );
  });

  it("is deterministic for a seed", () => {
    const matrix = weaklyPlanted(3);
    expect(computeOpinionGroups(matrix, { seed: 4, minSilhouette: 0 })).toEqual(
      computeOpinionGroups(matrix, { seed: 4, minSilhouette: 0 }),
    );
  });
});

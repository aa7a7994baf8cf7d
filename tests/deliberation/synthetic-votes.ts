/**
 * Synthetic vote matrices for tests: planted opinion groups with noise, and pure noise.
 * Seeded, so every test sees the same matrix on every run.
 */
import { createRng } from "@/core/random";
import type { Vote, VoteCell, VoteMatrix } from "@/deliberation/vote-matrix";

/** Spec for a planted matrix: each group has a preferred vote per statement. */
export interface PlantedSpec {
  /** patterns[g][j]: the vote group g leans to on statement j. */
  patterns: readonly (readonly Vote[])[];
  /** Participants per group. */
  sizes: readonly number[];
  /** Chance a vote is replaced by a uniformly random vote. */
  noise: number;
  /** Chance a cell is left unseen. */
  missing: number;
  seed: number;
}

/** A planted matrix and each participant's true group. */
export interface Planted {
  matrix: VoteMatrix;
  truth: number[];
}

const votes: readonly Vote[] = [1, -1, 0];

/** Build a matrix whose rows follow their group's pattern, with noise and unseen cells. */
export function plantedMatrix(spec: PlantedSpec): Planted {
  const rng = createRng(spec.seed);
  const rows: VoteCell[][] = [];
  const truth: number[] = [];
  spec.sizes.forEach((size, g) => {
    const pattern = spec.patterns[g] ?? [];
    for (let i = 0; i < size; i++) {
      rows.push(
        pattern.map((v): VoteCell => {
          if (rng.next() < spec.missing) return null;
          if (rng.next() < spec.noise) return votes[rng.int(3)] ?? 0;
          return v;
        }),
      );
      truth.push(g);
    }
  });
  const p = spec.patterns[0]?.length ?? 0;
  return {
    matrix: {
      participantIds: rows.map((_, i) => `p${String(i).padStart(3, "0")}`),
      statementIds: Array.from({ length: p }, (_, j) => `s${j}`),
      votes: rows,
    },
    truth,
  };
}

/** Every vote uniformly random over agree / disagree / pass, with some unseen cells. */
export function randomMatrix(n: number, p: number, seed: number, missing = 0.1): VoteMatrix {
  const rng = createRng(seed);
  const rows = Array.from({ length: n }, () =>
    Array.from({ length: p }, (): VoteCell =>
      rng.next() < missing ? null : (votes[rng.int(3)] ?? 0),
    ),
  );
  return {
    participantIds: rows.map((_, i) => `p${i}`),
    statementIds: Array.from({ length: p }, (_, j) => `s${j}`),
    votes: rows,
  };
}

/** Adjusted Rand index between two labelings (1 = identical partitions, ~0 = chance). */
export function adjustedRandIndex(a: readonly number[], b: readonly number[]): number {
  const table = new Map<string, number>();
  const rowsA = new Map<number, number>();
  const colsB = new Map<number, number>();
  a.forEach((x, i) => {
    const y = b[i] ?? -1;
    const key = `${x}|${y}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rowsA.set(x, (rowsA.get(x) ?? 0) + 1);
    colsB.set(y, (colsB.get(y) ?? 0) + 1);
  });
  const pairs = (n: number) => (n * (n - 1)) / 2;
  const sum = (m: Map<unknown, number>) => [...m.values()].reduce((s, n) => s + pairs(n), 0);
  const index = sum(table);
  const sa = sum(rowsA);
  const sb = sum(colsB);
  const expected = (sa * sb) / pairs(a.length);
  const max = (sa + sb) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}

/** Share of participants whose predicted group matches the truth under the best relabelling. */
export function bestPermutationAccuracy(
  predicted: readonly number[],
  truth: readonly number[],
): number {
  const labels = [...new Set(predicted)];
  const truths = [...new Set(truth)];
  let best = 0;
  const assign = (i: number, used: Set<number>, map: Map<number, number>) => {
    if (i === labels.length) {
      const hits = predicted.filter((p, k) => map.get(p) === truth[k]).length;
      best = Math.max(best, hits / predicted.length);
      return;
    }
    const label = labels[i] ?? 0;
    let placed = false;
    for (const t of truths) {
      if (used.has(t)) continue;
      placed = true;
      used.add(t);
      map.set(label, t);
      assign(i + 1, used, map);
      used.delete(t);
      map.delete(label);
    }
    // More predicted groups than true ones: this label matches nothing.
    if (!placed) assign(i + 1, used, map);
  };
  assign(0, new Set(), new Map());
  return best;
}

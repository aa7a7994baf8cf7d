/**
 * Times the statement-results engine at meeting scale: `npm run bench:deliberation`.
 * Prints wall-clock figures (median of a few runs) for opinion groups and the full results
 * on seeded synthetic matrices: planted groups (the null test runs) and pure noise.
 * A benchmark, not a test: nothing here fails on a slow machine.
 */
/* eslint-disable no-restricted-imports -- a harness beside the engine, not part of it: one
   folder down, the engine's own-files rule cannot tell its relative imports from foreign ones */
import { createRng } from "../../core/random";
import { computeOpinionGroups } from "../opinion-groups";
import { computeStatementResults } from "../statement-results";
import type { Vote, VoteCell, VoteMatrix } from "../vote-matrix";

const votes: readonly Vote[] = [1, -1, 0];

function syntheticMatrix(people: number, statements: number, groups: number, seed: number) {
  const rng = createRng(seed);
  const patterns = Array.from({ length: groups }, () =>
    Array.from({ length: statements }, () => votes[rng.int(3)] ?? 0),
  );
  const rows: VoteCell[][] = [];
  for (let i = 0; i < people; i++) {
    const pattern = patterns[i % Math.max(1, groups)];
    rows.push(
      Array.from({ length: statements }, (_, j): VoteCell => {
        if (rng.next() < 0.4) return null;
        if (!pattern || rng.next() < 0.3) return votes[rng.int(3)] ?? 0;
        return pattern[j] ?? 0;
      }),
    );
  }
  const matrix: VoteMatrix = {
    participantIds: rows.map((_, i) => `p${String(i).padStart(5, "0")}`),
    statementIds: Array.from({ length: statements }, (_, j) => `s${j}`),
    votes: rows,
  };
  return matrix;
}

interface Timing {
  median: number;
  min: number;
  /** Median CPU time of this process: steadier than wall time on a shared machine. */
  cpu: number;
}

function time(runs: number, f: () => void): Timing {
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    f();
    const used = process.cpuUsage(startCpu);
    ms.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  return { median: median(ms), min: Math.min(...ms), cpu: median(cpu) };
}

const cases = [
  { people: 60, statements: 40, groups: 3 },
  { people: 500, statements: 300, groups: 3 },
  { people: 1000, statements: 100, groups: 3 },
  { people: 2000, statements: 300, groups: 3 },
  { people: 2000, statements: 300, groups: 0 },
];
const runs = Number(process.env.BENCH_RUNS ?? 3);
console.log(`deliberation bench (median and best of ${runs} runs, ms wall; median CPU ms)`);
const show = (t: Timing) =>
  `${t.median.toFixed(0).padStart(6)} (best ${t.min.toFixed(0)}, cpu ${t.cpu.toFixed(0)})`;
for (const c of cases) {
  const matrix = syntheticMatrix(c.people, c.statements, c.groups, 42);
  const grouped = computeOpinionGroups(matrix, {});
  const structure = grouped.ok ? grouped.value.structure : grouped.code;
  const groupsMs = time(runs, () => void computeOpinionGroups(matrix, {}));
  const fullMs = time(runs, () => void computeStatementResults(matrix, { minimum: 5 }));
  const label = `${c.people} x ${c.statements}, ${c.groups ? `${c.groups} planted groups` : "noise"}`;
  console.log(
    `${label.padEnd(30)} opinion groups ${show(groupsMs)}  full results ${show(fullMs)}  -> ${structure}`,
  );
}

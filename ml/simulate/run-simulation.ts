/**
 * Run a whole simulation: every (alpha, seed) pair, on worker threads or in-process.
 * Each run is a pure function of (spec, table, alphaIndex, seedIndex), so the numbers are
 * identical whatever the number of workers and the order runs finish in.
 */
import { availableParallelism } from "node:os";
import path from "node:path";
import type { Table } from "../types";
import { initBackend } from "../backend";
import { loadCsv, validateTable } from "../data";
import { prepareSimulation, schemaOf, seedState, type SeedState } from "./prepare";
import { runOne, type RunOutcome } from "./run-one";
import { auditCampaign } from "../campaign/audit";
import { aggregate, auditSummary } from "./aggregate";
import {
  simulationSpecSchema,
  type SimulationResult,
  type SimulationSpec,
  type SimulationSpecInput,
} from "./spec";
import { abortError, SimulationPool } from "./pool";
import { sharedTableFeatures } from "./feature-cache";
import { createFeaturizer } from "../features";
import { loadSample } from "../samples";

export interface SimulationProgress {
  done: number;
  total: number;
  /** The run that just finished. */
  alpha: number;
  seedIndex: number;
}

export interface RunSimulationOptions {
  onProgress?: (p: SimulationProgress) => void;
  /** Cancels the simulation: workers are terminated and the promise rejects with an AbortError. */
  signal?: AbortSignal;
  /** Worker threads (default: available cores, at most the number of runs); 0 runs in-process. */
  workers?: number;
  /** A pool to run on (its size wins over `workers`, unless `workers` is 0); kept open afterwards. */
  pool?: SimulationPool;
  /** The table, when the caller already loaded it (then data.path/sample is not read). */
  table?: Table;
  /** Folder that `data.path` is relative to (default: the current directory). */
  baseDir?: string;
  /**
   * Override the worker entry. Inside a bundled server (Next.js) `import.meta.url` points into
   * the bundle: pool.ts's `simulationWorkerUrl()` finds `ml/simulate/worker-entry.cjs` (the
   * one entry, which registers tsx), or pass a compiled .js entry, or use `workers: 0`.
   */
  workerUrl?: URL;
  /** Called with the process RSS after each run (bytes), for memory reports. */
  onMemory?: (rss: number) => void;
}

/** Load the table a spec names: a built-in sample, or a CSV relative to `baseDir`. */
export async function loadSpecTable(spec: SimulationSpec, baseDir = process.cwd()): Promise<Table> {
  if (spec.data.sample !== undefined) return loadSample(spec.data.sample);
  return loadCsv(path.resolve(baseDir, spec.data.path ?? ""));
}

/**
 * Run the simulation protocol (science.md 3) for a spec: per alpha and seed, train the
 * learner on base + collective data and measure success, success on others, clean accuracy;
 * aggregate with 95% t-intervals over seeds, the audited bound and the critical mass.
 * Throws a ZodError for a bad spec and an EngineInputError for bad data.
 */
export async function runSimulation(
  input: SimulationSpecInput | SimulationSpec,
  opts: RunSimulationOptions = {},
): Promise<SimulationResult> {
  const started = performance.now();
  const spec = simulationSpecSchema.parse(input);
  const table = opts.table ?? (await loadSpecTable(spec, opts.baseDir));
  const schema = schemaOf(spec);
  validateTable(table, schema);
  const prep = prepareSimulation(spec, table);
  const tasks: { alphaIndex: number; seedIndex: number }[] = [];
  for (let s = 0; s < spec.seeds; s++)
    for (let a = 0; a < spec.alphas.length; a++) tasks.push({ alphaIndex: a, seedIndex: s });
  const workers = Math.max(0, Math.min(opts.workers ?? availableParallelism(), tasks.length));
  let done = 0;
  const progress = (o: RunOutcome) => {
    done++;
    opts.onProgress?.({
      done,
      total: tasks.length,
      alpha: spec.alphas[o.alphaIndex] ?? 0,
      seedIndex: o.seedIndex,
    });
  };
  let outcomes: RunOutcome[];
  let backend: string;
  let audit: ReturnType<typeof auditSummary>;
  if (workers === 0) {
    backend = await initBackend();
    outcomes = [];
    const seeds = new Map<number, SeedState>();
    const signal = opts.signal;
    const isCancelled = () => signal?.aborted === true;
    for (const t of tasks) {
      if (signal?.aborted === true) throw abortError(signal);
      let state = seeds.get(t.seedIndex);
      if (state === undefined) {
        state = seedState(prep, t.seedIndex);
        seeds.set(t.seedIndex, state);
      }
      const o = await runOne(prep, state, t.alphaIndex, t.seedIndex, isCancelled);
      // Training stops early when cancelled; its numbers must not be reported.
      if (signal !== undefined && isCancelled()) throw abortError(signal);
      outcomes.push(o);
      opts.onMemory?.(process.memoryUsage().rss);
      progress(o);
    }
    audit = auditSummary(auditCampaign(table.rows, schema, spec.campaign));
  } else {
    const pool =
      opts.pool ??
      new SimulationPool({
        workers,
        ...(opts.workerUrl !== undefined ? { workerUrl: opts.workerUrl } : {}),
      });
    const running = pool.run({
      spec,
      table,
      tasks,
      ...(opts.signal !== undefined ? { signal: opts.signal } : {}),
      // A text-only table has the same features in every run: featurise it once, here.
      sharedFeatures: () =>
        sharedTableFeatures(
          createFeaturizer(schema, spec.buckets !== undefined ? { buckets: spec.buckets } : {}),
          schema,
          table.rows,
        ),
      onResult: (o, rss) => {
        opts.onMemory?.(rss);
        progress(o);
      },
    });
    try {
      // The main thread is idle while workers train: audit the proxy data meanwhile.
      audit = auditSummary(auditCampaign(table.rows, schema, spec.campaign));
      ({ outcomes, backend } = await running);
    } finally {
      if (opts.pool === undefined) void pool.close();
    }
  }
  const summary = aggregate(spec, outcomes, audit, prep.classes.length);
  return {
    ...summary,
    audit,
    backend,
    seconds: (performance.now() - started) / 1000,
    interval: "t-95",
    runs: tasks.length,
    nTrain: prep.nTrain,
    nTest: prep.nTest,
  };
}

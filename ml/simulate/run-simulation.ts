/**
 * Run a whole simulation: every (alpha, seed) pair, on worker threads or in-process.
 * Each run is a pure function of (spec, table, alphaIndex, seedIndex), so the numbers are
 * identical whatever the number of workers and the order runs finish in.
 */
import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { existsSync } from "node:fs";
import path from "node:path";
import type { Table } from "../types";
import { initBackend } from "../backend";
import { EngineInputError, loadCsv, validateTable } from "../data";
import { prepareSimulation, schemaOf, seedState, type SeedState } from "./prepare";
import { runOne, type RunOutcome } from "./run-one";
import { aggregate, auditFor } from "./aggregate";
import {
  simulationSpecSchema,
  type SimulationResult,
  type SimulationSpec,
  type SimulationSpecInput,
} from "./spec";
import type { SerializedError, WorkerReply, WorkerTask } from "./protocol";
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
  /** The table, when the caller already loaded it (then data.path/sample is not read). */
  table?: Table;
  /** Folder that `data.path` is relative to (default: the current directory). */
  baseDir?: string;
  /**
   * Override the worker entry. Inside a bundled server (Next.js) `import.meta.url` points into
   * the bundle, so pass `pathToFileURL(path.join(process.cwd(), "ml/simulate/worker.ts"))`
   * (loaded through tsx) or a compiled .js entry; or use `workers: 0`.
   */
  workerUrl?: URL;
  /** Called with the process RSS after each run (bytes), for memory reports. */
  onMemory?: (rss: number) => void;
}

/**
 * Location of the worker entry: next to this module, or `<cwd>/ml/simulate/worker.ts` when this
 * module was bundled. A .ts entry is loaded through tsx (see `startWorker`).
 */
export function simulationWorkerUrl(): URL {
  const beside = new URL("./worker.ts", import.meta.url);
  // A bundler (Next.js) may rewrite this module's URL into its output folder, where the
  // worker's own imports do not resolve; the source tree under the app root still has it.
  if (
    beside.protocol === "file:" &&
    beside.pathname.endsWith("/ml/simulate/worker.ts") &&
    existsSync(beside)
  ) {
    return beside;
  }
  const fromRoot = path.join(process.cwd(), "ml", "simulate", "worker.ts");
  return existsSync(fromRoot) ? pathToFileURL(fromRoot) : beside;
}

/** tsx's CommonJS register API, from this module or (inside a bundled server) from the app root. */
function resolveTsxApi(): string {
  try {
    return createRequire(import.meta.url).resolve("tsx/cjs/api");
  } catch {
    return createRequire(path.join(process.cwd(), "package.json")).resolve("tsx/cjs/api");
  }
}

/**
 * Start a worker on `url`. A .ts entry (tsx, vitest) goes through a tiny CommonJS bootstrap
 * that registers tsx's require hook first: on Node 20 a worker does not inherit the parent's
 * loader hooks, and `--import tsx` in a worker's execArgv did not load .ts entries here.
 */
function startWorker(url: URL, workerData: unknown): Worker {
  const file = url.protocol === "file:" ? fileURLToPath(url) : url.href;
  if (!file.endsWith(".ts")) return new Worker(url, { workerData });
  const api = resolveTsxApi();
  const code = `require(${JSON.stringify(api)}).register(); require(${JSON.stringify(file)});`;
  return new Worker(code, { eval: true, workerData });
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error("simulation cancelled");
  err.name = "AbortError";
  return err;
}

function fromSerialized(e: SerializedError): Error {
  if (e.name === "EngineInputError") {
    return new EngineInputError(e.message, {
      ...(e.column !== undefined ? { column: e.column } : {}),
      ...(e.row !== undefined ? { row: e.row } : {}),
    });
  }
  const err = new Error(e.message);
  err.name = e.name;
  if (e.stack !== undefined) err.stack = e.stack;
  return err;
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
  let audit: ReturnType<typeof auditFor>;
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
    audit = auditFor(table.rows, schema, spec.campaign);
  } else {
    const pool = runPool(spec, table, tasks, workers, opts, progress);
    // The main thread is idle while workers train: audit the proxy data meanwhile.
    audit = auditFor(table.rows, schema, spec.campaign);
    ({ outcomes, backend } = await pool);
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

function runPool(
  spec: SimulationSpec,
  table: Table,
  tasks: readonly { alphaIndex: number; seedIndex: number }[],
  count: number,
  opts: RunSimulationOptions,
  progress: (o: RunOutcome) => void,
): Promise<{ outcomes: RunOutcome[]; backend: string }> {
  return new Promise((resolve, reject) => {
    const url = opts.workerUrl ?? simulationWorkerUrl();
    const pool: Worker[] = [];
    const outcomes: RunOutcome[] = [];
    let next = 0;
    let backend = "";
    let settled = false;
    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener("abort", onAbort);
      // terminate() is asynchronous; the result does not need to wait for it.
      for (const w of pool) void w.terminate();
      if (err !== null) reject(err);
      else resolve({ outcomes, backend });
    };
    const onAbort = () => finish(abortError(opts.signal ?? new AbortController().signal));
    if (opts.signal?.aborted === true) return finish(abortError(opts.signal));
    opts.signal?.addEventListener("abort", onAbort);
    const dispatch = (w: Worker) => {
      const task = tasks[next];
      if (task === undefined) return;
      next++;
      w.postMessage({ type: "run", ...task } satisfies WorkerTask);
    };
    for (let i = 0; i < count; i++) {
      const w = startWorker(url, { spec, table });
      pool.push(w);
      w.on("message", (reply: WorkerReply) => onReply(w, reply));
      w.on("error", (err) => finish(err));
      w.on("exit", (code) => {
        if (!settled && code !== 0) finish(new Error(`simulation worker exited with code ${code}`));
      });
    }
    // Workers take ~1 s to boot; featurise the table once meanwhile instead of once per worker.
    const shared = sharedTableFeatures(
      createFeaturizer(schemaOf(spec), spec.buckets !== undefined ? { buckets: spec.buckets } : {}),
      schemaOf(spec),
      table.rows,
    );
    if (shared !== undefined)
      for (const w of pool) w.postMessage({ type: "features", ...shared } satisfies WorkerTask);
    function onReply(w: Worker, reply: WorkerReply): void {
      switch (reply.type) {
        case "ready":
          backend = reply.backend;
          dispatch(w);
          return;
        case "result":
          outcomes.push(reply.outcome);
          opts.onMemory?.(reply.rss);
          progress(reply.outcome);
          if (outcomes.length === tasks.length) finish(null);
          else dispatch(w);
          return;
        case "error":
          finish(fromSerialized(reply.error));
          return;
        default:
          return;
      }
    }
  });
}

/**
 * A pool of simulation worker threads that outlives one simulation: booting a worker (tsx,
 * TensorFlow.js) costs about a second, so callers that run several sweeps in a row (a forecast
 * and its stress tests) keep one pool. Simulations on a pool run one after another.
 */
import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { existsSync } from "node:fs";
import path from "node:path";
import type { SparseMatrix, Table } from "../types";
import { EngineInputError } from "../data";
import type { RunOutcome } from "./run-one";
import type { SimulationSpec } from "./spec";
import type { SerializedError, WorkerReply, WorkerTask } from "./protocol";

const ENTRY = "worker-entry.cjs";

/**
 * Location of the worker entry (worker-entry.cjs, a CommonJS file that registers tsx and
 * loads worker.ts): next to this module, or `<cwd>/ml/simulate/worker-entry.cjs` when this
 * module was bundled. Every caller (the CLI, the tests, the forecast jobs, the Next server)
 * starts workers from this one entry.
 */
export function simulationWorkerUrl(): URL {
  const beside = new URL("./worker-entry.cjs", import.meta.url);
  // A bundler (Next.js) may rewrite this module's URL into its output folder, where the
  // worker's own imports do not resolve; the source tree under the app root still has it.
  if (
    beside.protocol === "file:" &&
    beside.pathname.endsWith(`/ml/simulate/${ENTRY}`) &&
    existsSync(beside)
  ) {
    return beside;
  }
  const fromRoot = path.join(/* turbopackIgnore: true */ process.cwd(), "ml", "simulate", ENTRY);
  return existsSync(fromRoot) ? pathToFileURL(fromRoot) : beside;
}

/**
 * Start a worker on `url`. The entry registers tsx itself (worker-entry.cjs): on Node 20 a
 * worker does not inherit the parent's loader hooks, and `--import tsx` in a worker's
 * execArgv did not load .ts entries here.
 */
function startWorker(url: URL): Worker {
  return new Worker(url);
}

/** The error a cancelled simulation rejects with: the signal's reason when it is an Error. */
export function abortError(signal: AbortSignal): Error {
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

export interface SimulationPoolOptions {
  /** Worker threads (default: available cores). */
  workers?: number;
  /** Worker entry (default: `simulationWorkerUrl()`, the one entry; a CommonJS or JavaScript file). */
  workerUrl?: URL;
}

/** One simulation's work for the pool. */
export interface PoolJob {
  spec: SimulationSpec;
  table: Table;
  tasks: readonly { alphaIndex: number; seedIndex: number }[];
  /** Called once the workers are booted; a table matrix every worker can reuse. */
  sharedFeatures?: () => { key: string; matrix: SparseMatrix } | undefined;
  signal?: AbortSignal;
  onResult: (outcome: RunOutcome, rss: number) => void;
}

interface Slot {
  worker: Worker;
  booted: Promise<string>;
}

/** Worker threads for simulations; create once, `run` many times, `close` at the end. */
export class SimulationPool {
  readonly size: number;
  private readonly url: URL;
  private readonly slots: (Slot | undefined)[];
  private jobs = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** The active simulation's reply handler and failure hook. */
  private handler: ((slot: Slot, reply: WorkerReply) => void) | undefined;
  private fail: ((err: Error) => void) | undefined;

  constructor(opts: SimulationPoolOptions = {}) {
    this.size = Math.max(1, opts.workers ?? availableParallelism());
    this.url = opts.workerUrl ?? simulationWorkerUrl();
    this.slots = new Array<Slot | undefined>(this.size).fill(undefined);
  }

  /** Run one simulation's tasks; queued behind any simulation already running on this pool. */
  run(job: PoolJob): Promise<{ outcomes: RunOutcome[]; backend: string }> {
    const result = this.queue.then(() => this.execute(job));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Stop all workers. The pool cannot run simulations afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    await this.terminateAll();
  }

  private spawn(index: number): Slot {
    const worker = startWorker(this.url);
    let onBoot: (backend: string) => void = () => undefined;
    let onBootError: (err: Error) => void = () => undefined;
    const booted = new Promise<string>((resolve, reject) => {
      onBoot = resolve;
      onBootError = reject;
    });
    // A boot failure is reported through the active simulation; this keeps it from being unhandled.
    booted.catch(() => undefined);
    const slot: Slot = { worker, booted };
    // A terminated worker's late events must not reach a newer simulation.
    const isLive = () => this.slots[index] === slot;
    worker.on("message", (reply: WorkerReply) => {
      if (!isLive()) return;
      if (reply.type === "booted") onBoot(reply.backend);
      else if (reply.type === "error" && reply.job === -1) {
        const err = fromSerialized(reply.error);
        onBootError(err);
        this.fail?.(err);
      } else this.handler?.(slot, reply);
    });
    worker.on("error", (err) => {
      onBootError(err);
      if (isLive()) this.fail?.(err);
    });
    worker.on("exit", (code) => {
      const err = new Error(`simulation worker exited with code ${code}`);
      onBootError(err);
      if (!isLive()) return;
      this.slots[index] = undefined;
      this.fail?.(err);
    });
    return slot;
  }

  private async terminateAll(): Promise<void> {
    const live = this.slots.filter((s) => s !== undefined);
    this.slots.fill(undefined);
    await Promise.all(live.map((s) => s.worker.terminate()));
  }

  private execute(job: PoolJob): Promise<{ outcomes: RunOutcome[]; backend: string }> {
    if (this.closed) return Promise.reject(new Error("simulation pool is closed"));
    const { signal, tasks } = job;
    if (signal?.aborted === true) return Promise.reject(abortError(signal));
    const id = ++this.jobs;
    const count = Math.min(this.size, tasks.length);
    const slots: Slot[] = [];
    for (let i = 0; i < count; i++) {
      const slot = this.slots[i] ?? this.spawn(i);
      this.slots[i] = slot;
      slots.push(slot);
    }
    return new Promise((resolve, reject) => {
      const outcomes: RunOutcome[] = [];
      let next = 0;
      let backend = "";
      let settled = false;
      const finish = (err: Error | null) => {
        if (settled) return;
        settled = true;
        this.handler = undefined;
        this.fail = undefined;
        signal?.removeEventListener("abort", onAbort);
        if (err !== null) reject(err);
        else resolve({ outcomes, backend });
      };
      // Terminating is the only way to stop a run mid-training; the next simulation respawns.
      const onAbort = () => {
        void this.terminateAll();
        finish(abortError(signal ?? new AbortController().signal));
      };
      signal?.addEventListener("abort", onAbort);
      this.fail = (err) => {
        void this.terminateAll();
        finish(err);
      };
      const dispatch = (slot: Slot) => {
        const task = tasks[next];
        if (task === undefined) return;
        next++;
        slot.worker.postMessage({ type: "run", job: id, ...task } satisfies WorkerTask);
      };
      this.handler = (slot, reply) => {
        // Replies from an earlier, abandoned simulation carry its job number.
        if (reply.type === "booted" || reply.job !== id) return;
        switch (reply.type) {
          case "ready":
            dispatch(slot);
            return;
          case "result":
            outcomes.push(reply.outcome);
            job.onResult(reply.outcome, reply.rss);
            if (outcomes.length === tasks.length) finish(null);
            else dispatch(slot);
            return;
          case "error":
            finish(fromSerialized(reply.error));
            return;
          default:
            return;
        }
      };
      for (const slot of slots)
        slot.worker.postMessage({
          type: "init",
          job: id,
          spec: job.spec,
          table: job.table,
        } satisfies WorkerTask);
      // Workers take ~1 s to boot; shared features are computed meanwhile, once for all.
      const shared = job.sharedFeatures?.();
      if (shared !== undefined) {
        for (const slot of slots)
          slot.worker.postMessage({ type: "features", job: id, ...shared } satisfies WorkerTask);
      }
      Promise.all(slots.map((s) => s.booted)).then(
        (names) => {
          backend = names[0] ?? "";
        },
        (err: unknown) => finish(err instanceof Error ? err : new Error(String(err))),
      );
    });
  }
}

/** A pool to reuse across simulations (pass it as `runSimulation(spec, { pool })`). */
export function createSimulationPool(opts: SimulationPoolOptions = {}): SimulationPool {
  return new SimulationPool(opts);
}

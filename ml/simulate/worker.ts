/**
 * Worker-thread entry for simulation runs, kept as its own file so callers can locate it by
 * path (`simulationWorkerUrl()`). A worker lives as long as its pool: it boots once (loading
 * TensorFlow.js is the slow part), then takes simulations one after another: `init` with the
 * spec and table, optionally `features` (a precomputed table matrix), then `run` tasks one at
 * a time, each answered with its outcome.
 */
import { parentPort } from "node:worker_threads";
import { z } from "zod";
import { initBackend } from "../backend";
import { EngineInputError } from "../data";
import type { Table } from "../types";
import { simulationSpecSchema } from "./spec";
import { prepareSimulation, seedState, type PreparedSimulation, type SeedState } from "./prepare";
import { runOne } from "./run-one";
import type { WorkerReply } from "./protocol";

const runSchema = z.object({
  type: z.literal("run"),
  job: z.number().int(),
  alphaIndex: z.number().int(),
  seedIndex: z.number().int(),
});
const initSchema = z.object({
  type: z.literal("init"),
  job: z.number().int(),
  spec: z.unknown(),
  table: z.unknown(),
});
// Typed arrays survive structured cloning; only their presence is checked.
const featuresSchema = z.object({
  type: z.literal("features"),
  job: z.number().int(),
  key: z.string(),
  matrix: z.object({
    n: z.number(),
    dim: z.number(),
    offsets: z.instanceof(Int32Array),
    ids: z.instanceof(Int32Array),
    values: z.instanceof(Float32Array),
  }),
});

/** Shallow check: the table was built by the engine in the parent thread; a deep parse would copy it again. */
function isTable(value: unknown): value is Table {
  if (typeof value !== "object" || value === null) return false;
  return (
    "columns" in value &&
    Array.isArray(value.columns) &&
    "rows" in value &&
    Array.isArray(value.rows)
  );
}

function post(reply: WorkerReply): void {
  parentPort?.postMessage(reply);
}

function toReply(job: number, err: unknown): WorkerReply {
  if (err instanceof EngineInputError) {
    const where = {
      ...(err.column !== undefined ? { column: err.column } : {}),
      ...(err.row !== undefined ? { row: err.row } : {}),
    };
    return { type: "error", job, error: { name: err.name, message: err.message, ...where } };
  }
  const e = err instanceof Error ? err : new Error(String(err));
  return {
    type: "error",
    job,
    error: {
      name: e.name,
      message: e.message,
      ...(e.stack !== undefined ? { stack: e.stack } : {}),
    },
  };
}

let current: { job: number; prep: PreparedSimulation; seeds: Map<number, SeedState> } | undefined;

async function handle(raw: unknown): Promise<void> {
  const init = initSchema.safeParse(raw);
  if (init.success) {
    const { job, table } = init.data;
    if (!isTable(table)) throw new Error("simulation worker: init needs a table");
    // The pool parsed the spec already; parsing again is cheap and keeps the types honest.
    const prep = prepareSimulation(simulationSpecSchema.parse(init.data.spec), table);
    current = { job, prep, seeds: new Map() };
    post({ type: "ready", job });
    return;
  }
  const features = featuresSchema.safeParse(raw);
  if (features.success) {
    if (current?.job === features.data.job)
      current.prep.features.seed(features.data.key, features.data.matrix);
    return;
  }
  const task = runSchema.parse(raw);
  if (current === undefined || current.job !== task.job)
    throw new Error(`simulation worker: no simulation ${task.job}`);
  let state = current.seeds.get(task.seedIndex);
  if (state === undefined) {
    state = seedState(current.prep, task.seedIndex);
    current.seeds.set(task.seedIndex, state);
  }
  const outcome = await runOne(current.prep, state, task.alphaIndex, task.seedIndex);
  post({ type: "result", job: task.job, outcome, rss: process.memoryUsage().rss });
}

function jobOf(raw: unknown): number {
  return typeof raw === "object" && raw !== null && "job" in raw && typeof raw.job === "number"
    ? raw.job
    : -1;
}

async function main(): Promise<void> {
  const backend = await initBackend();
  // Messages posted while booting are queued until this listener starts the port. The pool
  // sends one task at a time per worker, so handlers never overlap.
  parentPort?.on("message", (raw: unknown) => {
    handle(raw).catch((err: unknown) => post(toReply(jobOf(raw), err)));
  });
  post({ type: "booted", backend });
}

main().catch((err: unknown) => post(toReply(-1, err)));

/**
 * Worker-thread entry for simulation runs. Receives the parsed spec and the table once
 * (workerData), then runs (alpha, seed) tasks one at a time and posts each outcome back.
 * Kept as its own file so callers can locate it by path (`simulationWorkerUrl()`).
 */
import { parentPort, workerData } from "node:worker_threads";
import { z } from "zod";
import { initBackend } from "../backend";
import { EngineInputError } from "../data";
import type { Table } from "../types";
import { simulationSpecSchema } from "./spec";
import { prepareSimulation, seedState, type SeedState } from "./prepare";
import { runOne } from "./run-one";
import type { WorkerReply } from "./protocol";

const taskSchema = z.object({
  type: z.literal("run"),
  alphaIndex: z.number().int(),
  seedIndex: z.number().int(),
});
// Typed arrays survive structured cloning; only their presence is checked.
const featuresSchema = z.object({
  type: z.literal("features"),
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

function toReply(err: unknown): WorkerReply {
  if (err instanceof EngineInputError) {
    return {
      type: "error",
      error: {
        name: err.name,
        message: err.message,
        ...(err.column !== undefined ? { column: err.column } : {}),
        ...(err.row !== undefined ? { row: err.row } : {}),
      },
    };
  }
  const e = err instanceof Error ? err : new Error(String(err));
  return {
    type: "error",
    error: {
      name: e.name,
      message: e.message,
      ...(e.stack !== undefined ? { stack: e.stack } : {}),
    },
  };
}

async function main(): Promise<void> {
  const data: unknown = workerData;
  if (
    typeof data !== "object" ||
    data === null ||
    !("spec" in data) ||
    !("table" in data) ||
    !isTable(data.table)
  ) {
    throw new Error("simulation worker: workerData must be { spec, table }");
  }
  // The caller parsed the spec already; parsing again is cheap and keeps the types honest.
  const spec = simulationSpecSchema.parse(data.spec);
  const table = data.table;
  const backend = await initBackend();
  const prep = prepareSimulation(spec, table);
  const seeds = new Map<number, SeedState>();
  // Tasks arrive one at a time (the pool waits for each reply), so no queue is needed.
  parentPort?.on("message", (raw: unknown) => {
    void (async () => {
      try {
        const features = featuresSchema.safeParse(raw);
        if (features.success) {
          prep.features.seed(features.data.key, features.data.matrix);
          return;
        }
        const task = taskSchema.parse(raw);
        let state = seeds.get(task.seedIndex);
        if (state === undefined) {
          state = seedState(prep, task.seedIndex);
          seeds.set(task.seedIndex, state);
        }
        const outcome = await runOne(prep, state, task.alphaIndex, task.seedIndex);
        post({ type: "result", outcome, rss: process.memoryUsage().rss });
      } catch (err) {
        post(toReply(err));
      }
    })();
  });
  post({ type: "ready", backend });
}

main().catch((err: unknown) => post(toReply(err)));

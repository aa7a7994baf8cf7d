/** Messages between the simulation pool and its worker threads. */
import type { RunOutcome } from "./run-one";
import type { SparseMatrix, Table } from "../types";

export interface SerializedError {
  name: string;
  message: string;
  column?: string;
  row?: number;
  stack?: string;
}

/** From the pool to a worker. `job` numbers one simulation, so stale replies can be ignored. */
export type WorkerTask =
  | { type: "init"; job: number; spec: unknown; table: Table }
  | { type: "features"; job: number; key: string; matrix: SparseMatrix }
  | { type: "run"; job: number; alphaIndex: number; seedIndex: number };

/** From a worker to the pool. */
export type WorkerReply =
  | { type: "booted"; backend: string }
  | { type: "ready"; job: number }
  | { type: "result"; job: number; outcome: RunOutcome; rss: number }
  | { type: "error"; job: number; error: SerializedError };

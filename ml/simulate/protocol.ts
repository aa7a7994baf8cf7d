/** Messages from a simulation worker to the pool. */
import type { RunOutcome } from "./run-one";
import type { SparseMatrix } from "../types";

/** Messages from the pool to a worker. */
export type WorkerTask =
  | { type: "run"; alphaIndex: number; seedIndex: number }
  | { type: "features"; key: string; matrix: SparseMatrix };

export interface SerializedError {
  name: string;
  message: string;
  column?: string;
  row?: number;
  stack?: string;
}

export type WorkerReply =
  | { type: "ready"; backend: string }
  | { type: "result"; outcome: RunOutcome; rss: number }
  | { type: "error"; error: SerializedError };

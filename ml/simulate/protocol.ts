/** Messages from a simulation worker to the pool. */
import type { RunOutcome } from "./run-one";

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

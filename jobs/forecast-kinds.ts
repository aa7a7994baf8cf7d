/**
 * The seam between the forecast pipeline (one for every platform kind: rows, queue, retries,
 * progress) and what a kind simulates. A kind designs the spec a request stores, then runs it.
 */
import type { Db } from "@/db";
import type { CampaignRow, ForecastRow } from "@/db/schema";
import type { CampaignSnapshot, MinimumCountRule } from "./forecast-input";

/** What a forecast request asks for, before the collective's state. */
export interface ForecastRequest {
  seeds?: number;
  /** An explicit grid; absent: the kind's default grid plus "now". */
  alphas?: number[];
  seed: number;
}

/** The spec a request stores (the job replaces it with the input it actually runs). */
export type KindDesign =
  | {
      ok: true;
      spec: Record<string, unknown>;
      seed: number;
      dataSource: "members" | "proxy";
      /** Runs the progress bar counts until the job knows better. */
      total: number;
    }
  | { ok: false; message: string };

/** The input that runs, as stored with the forecast (so it can be re-run). */
export interface KindInput {
  spec: Record<string, unknown>;
  seed: number;
  dataSource: "members" | "proxy";
  snapshot: CampaignSnapshot;
  total: number;
}

export interface KindRunContext {
  db: Db;
  row: ForecastRow;
  campaign: CampaignRow;
  rule: MinimumCountRule;
  signal: AbortSignal;
  /** Worker threads per sweep (default: all cores); 0 trains in this thread. */
  workers?: number;
  /** Stores the input and starts the progress count; returns the per-run step. */
  begin: (input: KindInput) => Promise<() => void>;
}

export interface ForecastKind {
  design: (
    campaign: CampaignRow,
    request: ForecastRequest,
    snapshot: CampaignSnapshot,
    rule: MinimumCountRule,
  ) => KindDesign;
  /** Runs the stored forecast; returns what `forecasts.result` stores. */
  run: (ctx: KindRunContext) => Promise<unknown>;
}

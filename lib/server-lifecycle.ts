import { closeDb, DatabaseLockedError, getOpenDatabase } from "@/db";
import { sealLegacyRecords } from "@/db/queries/campaign-records";
import { env } from "@/lib/env";
import { startServerForecastQueue, stopForecastQueue } from "@/lib/data/forecasts";

let started = false;

/** Opens the database at server start and installs the shutdown handlers. */
export async function startServerResources(): Promise<void> {
  if (started) return;
  started = true;
  try {
    env();
    const open = await getOpenDatabase();
    console.log(`[concert] database ready (${open.kind === "pglite" ? "embedded PGlite" : "PostgreSQL server"})`);
    const sealed = await sealLegacyRecords(open.db);
    if (sealed > 0) console.log(`[concert] sealed ${sealed} member records written before records were encrypted`);
  } catch (err) {
    if (err instanceof DatabaseLockedError) console.error(`[concert] ${err.message}`);
    else console.error("[concert] could not open the database:", err);
    process.exit(1);
  }
  try {
    const open = await getOpenDatabase();
    const mode = await startServerForecastQueue(open);
    console.log(`[concert] job queue ready (${mode === "inline" ? "forecasts run in this server" : "forecasts run in 'npm run worker' processes"})`);
  } catch (err) {
    // The app still serves without its queue; requested forecasts wait as "queued" and are
    // sent when a queue next starts (reconciliation).
    console.error("[concert] could not start the job queue:", err);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[concert] ${signal}: stopping the job queue and closing the database`);
    // Give in-flight requests no more than a few seconds, then close and exit.
    const timer = setTimeout(() => process.exit(1), 10_000);
    try {
      // Running forecasts go back to the queue before the database they write to closes.
      await stopForecastQueue().catch((err: unknown) => console.error("[concert] job queue stop failed:", err));
      await closeDb();
    } finally {
      clearTimeout(timer);
      process.exit(0);
    }
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

import { closeDb, DatabaseLockedError, getOpenDatabase } from "@/db";
import { sealLegacyRecords } from "@/db/queries/campaign-records";
import { startServerForecastQueue } from "@/jobs/forecast-pipeline";
import { stopOnSignals } from "@/jobs/shutdown";
import { env } from "@/lib/env";
import { minimumCountRule } from "@/lib/privacy";

let started = false;

const ANALYZE_EVERY_MS = 60 * 60_000;

/** Opens the database at server start, starts the job queue and installs the shutdown handlers. */
export async function startServerResources(): Promise<void> {
  if (started) return;
  started = true;
  try {
    env();
    const open = await getOpenDatabase();
    console.log(
      `[concert] database ready (${open.kind === "pglite" ? "embedded PGlite" : "PostgreSQL server"})`,
    );
    // PGlite runs no autovacuum, so without this its planner never learns table sizes and
    // picks scans and sorts that cost tens of ms at 100,000 rows (bench:load, README).
    if (open.kind === "pglite") {
      await open.executeSql("analyze");
      // ...and again every hour, as tables grow (unref'd: it never keeps the process alive).
      setInterval(() => {
        open
          .executeSql("analyze")
          .catch((err: unknown) => console.error("[concert] analyze failed:", err));
      }, ANALYZE_EVERY_MS).unref();
    }
    const sealed = await sealLegacyRecords(open.db);
    if (sealed > 0)
      console.log(
        `[concert] sealed ${sealed} member records written before records were encrypted`,
      );
  } catch (err) {
    if (err instanceof DatabaseLockedError) console.error(`[concert] ${err.message}`);
    else console.error("[concert] could not open the database:", err);
    process.exit(1);
  }
  try {
    const open = await getOpenDatabase();
    const mode = await startServerForecastQueue(open, minimumCountRule);
    console.log(
      `[concert] job queue ready (${mode === "inline" ? "forecasts run in this server" : "forecasts run in 'npm run worker' processes"})`,
    );
  } catch (err) {
    // The app still serves without its queue; requested forecasts wait as "queued" and are
    // sent when a queue next starts (reconciliation).
    console.error("[concert] could not start the job queue:", err);
  }
  // Give in-flight requests no more than a few seconds, then close and exit.
  stopOnSignals({ name: "concert", closeDatabase: closeDb, timeoutMs: 10_000 });
}

/**
 * A job worker process for PostgreSQL deployments: `DATABASE_URL=postgres://... npm run worker`.
 * Works the forecast queue (engine sweeps on worker threads) next to, or instead of, the web
 * servers (set CONCERT_JOB_WORKERS=external on them to keep training out of web processes).
 * Run it from the app root: the engine's worker threads start from ml/simulate/worker-entry.cjs.
 * With the embedded PGlite database the web server works the queue itself: one process only
 * may open that folder.
 *
 * Plain Node + tsx: it imports jobs/, db/ and two pure lib modules (the minimum-count rule
 * and log redaction), nothing that needs Next or React.
 */
import { openDatabase } from "@/db";
import { startForecastQueue } from "@/jobs/forecast-pipeline";
import { stopOnSignals } from "@/jobs/shutdown";
import { installLogRedaction } from "@/lib/logging";
import { minimumCountRule } from "@/lib/privacy";

installLogRedaction();

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      "[worker] DATABASE_URL is not set. With the embedded database the web server runs forecasts itself.",
    );
    process.exit(1);
  }
  const open = await openDatabase({ url });
  await startForecastQueue(open, { work: true, url, rule: minimumCountRule });
  console.log("[worker] working the forecast queue");
  stopOnSignals({ name: "worker", closeDatabase: () => open.close() });
}

main().catch((err: unknown) => {
  console.error("[worker] failed to start:", err);
  process.exit(1);
});

/**
 * A job worker process for PostgreSQL deployments: `DATABASE_URL=postgres://... npm run worker`.
 * Works the forecast queue (engine sweeps on worker threads) next to, or instead of, the web
 * servers (set CONCERT_JOB_WORKERS=external on them to keep training out of web processes).
 * Run it from the app root: the engine's worker threads load ml/simulate/worker.ts from there.
 * With the embedded PGlite database the web server works the queue itself: one process only
 * may open that folder.
 */
import { openDatabase } from "@/db";
import { startForecastQueue, stopForecastQueue } from "@/lib/data/forecasts";
import { installLogRedaction } from "@/lib/logging";

installLogRedaction();

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("[worker] DATABASE_URL is not set. With the embedded database the web server runs forecasts itself.");
    process.exit(1);
  }
  const open = await openDatabase({ url });
  await startForecastQueue(open, { work: true, url });
  console.log("[worker] working the forecast queue");
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[worker] ${signal}: handing running forecasts back to the queue`);
    const timer = setTimeout(() => process.exit(1), 15_000);
    try {
      await stopForecastQueue();
      await open.close();
    } finally {
      clearTimeout(timer);
      process.exit(0);
    }
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

main().catch((err: unknown) => {
  console.error("[worker] failed to start:", err);
  process.exit(1);
});

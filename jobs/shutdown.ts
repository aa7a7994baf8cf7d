/**
 * The one shutdown path of every process that holds the queue and the database: the web
 * server (lib/server-lifecycle.ts) and `npm run worker` (scripts/worker.ts). On SIGTERM or
 * SIGINT, running forecasts go back to the queue before the database they write to closes;
 * a stop that hangs is cut short.
 */
import { stopForecastQueue } from "./forecast-pipeline";

interface ShutdownOptions {
  /** Log prefix: "concert" or "worker". */
  name: string;
  /** Closes this process's database. */
  closeDatabase: () => Promise<void>;
  /** After this long the process exits with 1 whatever is still running. */
  timeoutMs?: number;
}

/** Installs the SIGTERM/SIGINT handlers (once per signal); the process exits 0 after a clean stop. */
export function stopOnSignals(opts: ShutdownOptions): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[${opts.name}] ${signal}: stopping the job queue and closing the database`);
    const timer = setTimeout(() => process.exit(1), opts.timeoutMs ?? 15_000);
    try {
      await stopForecastQueue().catch((err: unknown) =>
        console.error(`[${opts.name}] job queue stop failed:`, err),
      );
      await opts.closeDatabase();
    } finally {
      clearTimeout(timer);
      process.exit(0);
    }
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

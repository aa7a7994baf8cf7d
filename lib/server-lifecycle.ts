import { closeDb, DatabaseLockedError, getOpenDatabase } from "@/db";
import { env } from "@/lib/env";

let started = false;

/** Opens the database at server start and installs the shutdown handlers. */
export async function startServerResources(): Promise<void> {
  if (started) return;
  started = true;
  try {
    env();
    const open = await getOpenDatabase();
    console.log(`[concert] database ready (${open.kind === "pglite" ? "embedded PGlite" : "PostgreSQL server"})`);
  } catch (err) {
    if (err instanceof DatabaseLockedError) console.error(`[concert] ${err.message}`);
    else console.error("[concert] could not open the database:", err);
    process.exit(1);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[concert] ${signal}: closing the database`);
    // Give in-flight requests no more than a few seconds, then close and exit.
    const timer = setTimeout(() => process.exit(1), 10_000);
    try {
      await closeDb();
    } finally {
      clearTimeout(timer);
      process.exit(0);
    }
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

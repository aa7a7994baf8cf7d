/**
 * The one place that opens the database. The handle lives on globalThis so `next dev`
 * reloads and repeated imports share one PGlite (each opener would otherwise lock the folder).
 */
import path from "node:path";
import { openDatabase, type Db, type OpenDatabase } from "./open";

export type { Db, OpenDatabase } from "./open";
export { openDatabase } from "./open";
export { DatabaseLockedError } from "./lock";

interface DbHolder {
  opening?: Promise<OpenDatabase>;
  open?: OpenDatabase;
}

const holder: DbHolder = ((globalThis as { __concertDb?: DbHolder }).__concertDb ??= {});

/** Where the embedded database and generated secrets live (CONCERT_DATA_DIR, default ./.data). */
export function dataDirectory(): string {
  return path.resolve(
    /* turbopackIgnore: true */ process.env.CONCERT_DATA_DIR ?? path.join(process.cwd(), ".data"),
  );
}

/** Opens (once) and returns the app's database. Never call at module top level. */
export async function getOpenDatabase(): Promise<OpenDatabase> {
  if (holder.open) return holder.open;
  holder.opening ??= openDatabase({
    url: process.env.DATABASE_URL || undefined,
    dataDir: path.join(dataDirectory(), "pglite"),
  }).then(
    (open) => (holder.open = open),
    (err: unknown) => {
      holder.opening = undefined;
      throw err;
    },
  );
  return holder.opening;
}

export async function getDb(): Promise<Db> {
  return (await getOpenDatabase()).db;
}

/** Closes the database (server shutdown). Safe to call twice. */
export async function closeDb(): Promise<void> {
  const open =
    holder.open ?? (holder.opening ? await holder.opening.catch(() => undefined) : undefined);
  holder.open = undefined;
  holder.opening = undefined;
  if (open) await open.close();
}

/** Tests: make the app's code use a database the test opened. */
export function useDatabase(open: OpenDatabase): void {
  holder.open = open;
  holder.opening = Promise.resolve(open);
}

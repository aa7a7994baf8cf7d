import fs from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";
import { acquireLock } from "./lock";

type Schema = typeof schema;
/** The database handle every query takes: PGlite and node-postgres share this type. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface OpenDatabase {
  db: Db;
  kind: "pglite" | "postgres";
  /** Runs raw SQL; used by the job queue's adapter. */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  close(): Promise<void>;
}

interface OpenOptions {
  /** postgres://... to use a real server; otherwise embedded PGlite. */
  url?: string;
  /** PGlite folder; omitted means in memory (tests). */
  dataDir?: string;
  migrationsFolder?: string;
}

const defaultMigrations = () =>
  path.join(/* turbopackIgnore: true */ process.cwd(), "db", "migrations");

/** Opens PGlite or PostgreSQL and applies the committed migrations. */
export async function openDatabase(opts: OpenOptions): Promise<OpenDatabase> {
  const migrationsFolder = opts.migrationsFolder ?? defaultMigrations();
  return opts.url
    ? openPostgres(opts.url, migrationsFolder)
    : openPglite(opts.dataDir, migrationsFolder);
}

async function openPglite(
  dataDir: string | undefined,
  migrationsFolder: string,
): Promise<OpenDatabase> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  let release = () => {};
  if (dataDir) {
    // PGlite does not create missing parent folders.
    fs.mkdirSync(dataDir, { recursive: true });
    release = acquireLock(path.join(dataDir, "..", `${path.basename(dataDir)}.lock`));
  }
  try {
    const client = dataDir ? new PGlite(dataDir) : new PGlite();
    await client.waitReady;
    const db = drizzle({ client, schema });
    await migrate(db, { migrationsFolder });
    return {
      db,
      kind: "pglite",
      executeSql: async (text, values) => {
        // pg-boss sends its schema and maintenance plans as several statements without
        // parameters; PGlite's query() prepares one statement only, exec() runs many.
        if (!values || values.length === 0) {
          const results = await client.exec(text);
          return { rows: results.at(-1)?.rows ?? [] };
        }
        const res = await client.query(text, values);
        return { rows: res.rows };
      },
      close: async () => {
        try {
          await client.close();
        } finally {
          release();
        }
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

async function openPostgres(url: string, migrationsFolder: string): Promise<OpenDatabase> {
  const { Pool } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const pool = new Pool({ connectionString: url, max: 10 });
  // An idle connection dropped by the server (restart, admin) must not crash the process:
  // the pool replaces it on the next query.
  pool.on("error", (err) => console.error("[db] idle PostgreSQL connection lost:", err.message));
  try {
    const db = drizzle({ client: pool, schema });
    await migrate(db, { migrationsFolder });
    return {
      db,
      kind: "postgres",
      executeSql: async (text, values) => {
        const res = await pool.query(text, values);
        return { rows: res.rows };
      },
      close: () => pool.end(),
    };
  } catch (err) {
    await pool.end();
    throw err;
  }
}

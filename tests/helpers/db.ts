import crypto from "node:crypto";
import { openDatabase, useDatabase, type OpenDatabase } from "@/db";

/**
 * A fresh database for one test file: in-memory PGlite by default, or a new database on
 * the real PostgreSQL server named by TEST_DATABASE_URL (dropped again on close).
 */
export async function freshDatabase(): Promise<OpenDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const open = serverUrl ? await freshServerDatabase(serverUrl) : await openDatabase({});
  useDatabase(open);
  return open;
}

async function freshServerDatabase(serverUrl: string): Promise<OpenDatabase> {
  const { Client } = await import("pg");
  const name = `concert_test_${crypto.randomBytes(6).toString("hex")}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const open = await openDatabase({ url: url.toString() });
  return {
    ...open,
    close: async () => {
      await open.close();
      // Not `with (force)`: killing a pool's idle connection (pg-boss keeps its own pool)
      // surfaces as an uncaught error in the test run. Wait for them to go instead, and
      // leave the database behind if they do not.
      const drop = new Client({ connectionString: serverUrl });
      await drop.connect();
      for (let attempt = 0; attempt < 20; attempt++) {
        try {
          await drop.query(`drop database if exists ${name}`);
          break;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
      await drop.end();
    },
  };
}

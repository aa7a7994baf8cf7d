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
      const drop = new Client({ connectionString: serverUrl });
      await drop.connect();
      await drop.query(`drop database if exists ${name} with (force)`);
      await drop.end();
    },
  };
}

// External worker mode against a real PostgreSQL server: the web side only sends jobs
// (CONCERT_JOB_WORKERS=external) and `npm run worker` (tsx scripts/worker.ts, plain Node, no
// react-server condition) works them. Skipped, and says so, when no PostgreSQL answers.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db";
import { findForecast } from "@/db/queries/forecasts";
import { startServerForecastQueue, stopForecastQueue } from "@/jobs/forecast-pipeline";
import { requestForecast } from "@/lib/data/forecasts";
import { minimumCountRule } from "@/lib/privacy";
import { insertGigPlantCampaign } from "../helpers/campaigns";
import { freshDatabase } from "../helpers/db";
import { collectiveWith } from "../helpers/people";

const serverUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const hasPostgres = await postgresAnswers();
if (!hasPostgres) console.log(`External worker test skipped: no PostgreSQL server at ${serverUrl}`);

let open: OpenDatabase | undefined;
let worker: ChildProcess | undefined;
const savedEnv = {
  DATABASE_URL: process.env.DATABASE_URL,
  CONCERT_JOB_WORKERS: process.env.CONCERT_JOB_WORKERS,
  TEST_DATABASE_URL: process.env.TEST_DATABASE_URL,
};

beforeAll(async () => {
  if (!hasPostgres) return;
  // A fresh database on the server, whichever run this is (tests/helpers/db.ts drops it on close).
  process.env.TEST_DATABASE_URL = serverUrl;
  open = await freshDatabase();
});

afterAll(async () => {
  if (worker && worker.exitCode === null) worker.kill("SIGKILL");
  await stopForecastQueue();
  await open?.close();
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

async function waitFor<T>(
  check: () => Promise<T | null>,
  timeoutMs: number,
  what: () => string,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== null) return v;
    if (Date.now() > end) throw new Error(`timed out: ${what()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe.skipIf(!hasPostgres)("external job workers (PostgreSQL)", () => {
  it("the web side only sends the job; `npm run worker` works it and stops cleanly on SIGTERM", async () => {
    if (!open) throw new Error("no database");
    const { rows } = await open.executeSql("select current_database() as name");
    const dbUrl = new URL(serverUrl);
    dbUrl.pathname = `/${(rows[0] as { name: string }).name}`;
    process.env.DATABASE_URL = dbUrl.toString();
    process.env.CONCERT_JOB_WORKERS = "external";

    expect(await startServerForecastQueue(open, minimumCountRule)).toBe("external");
    const g = await collectiveWith("xw", 0);
    const campaign = await insertGigPlantCampaign(open.db, g.id);
    const req = await requestForecast(
      open.db,
      { userId: g.organizer.userId, handle: g.organizer.handle },
      campaign.id,
      { input: { seeds: 1, alphas: [0, 0.1] } },
    );
    if (!req.ok) throw new Error(req.message);
    // Sent, not worked: this process works no jobs.
    await new Promise((r) => setTimeout(r, 3000));
    expect(await findForecast(open.db, { forecastId: req.value.id })).toMatchObject({
      status: "queued",
      attempts: 0,
    });

    const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
    let output = "";
    worker = spawn(tsx, [path.join("scripts", "worker.ts")], {
      env: { ...process.env, DATABASE_URL: dbUrl.toString(), CONCERT_JOB_WORKERS: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    worker.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    worker.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    let exitCode: number | null | undefined;
    const exited = new Promise<number | null>((resolve) =>
      worker?.on("exit", (code) => resolve((exitCode = code))),
    );
    // What the worker said, for an error message: printable, without stack frames (the test
    // runner would try to read source maps from the files they name).
    const said = () =>
      output
        .replace(/[^\x20-\x7e\n]/g, "?")
        .split("\n")
        .filter((line) => !line.trimStart().startsWith("at "))
        .join("\n")
        .slice(-2000);

    const row = await waitFor(
      async () => {
        if (exitCode !== undefined)
          throw new Error(
            `the worker exited (${exitCode}) before the forecast finished:\n${said()}`,
          );
        const r = await findForecast(open!.db, { forecastId: req.value.id });
        return r && (r.status === "done" || r.status === "failed") ? r : null;
      },
      120_000,
      said,
    );
    expect(output).toContain("[worker] working the forecast queue");
    expect(row.error).toBeNull();
    expect(row.status).toBe("done");
    expect(row.result).toMatchObject({ points: [{ alpha: 0 }, { alpha: 0.1 }], runs: 2 });

    worker.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(output).toContain("[worker] SIGTERM: stopping the job queue and closing the database");
  }, 180_000);
});

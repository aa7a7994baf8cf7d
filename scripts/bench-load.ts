/**
 * `npm run bench:load`: the app under load, as a production build serves it.
 *
 * Builds if the sources changed, seeds a fresh database (PGlite in a temporary folder, or a
 * fresh database on the server named by DATABASE_URL), starts `next start` on a free loopback
 * port, runs bounded concurrent loops against each route, prints p50/p95/p99, requests per
 * second and the p95 ratio to the bare JSON 404 route measured in the same run, and stops the
 * server. Figures, not assertions: the targets are in the README's performance section.
 *
 * Options: --clients 50 --seconds 8 --participants 1000 --statements 100 --members 100000
 *          --records 20000
 *          --rounds 1            split each route's seconds into this many interleaved rounds
 *          --only me,sessions   load only the routes whose name contains one of these (and the
 *                               bare route, which every ratio needs)
 *          --data DIR           seed into DIR once and reuse it in later runs (exploring),
 *                               instead of a fresh temporary folder removed at the end
 *          --cpu-prof DIR       the server writes a V8 CPU profile there when it stops
 */
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase } from "@/db";
import { load, summarise, type RouteLoad, type Tally } from "./bench-load-loop";
import { seed, type Seeded } from "./bench-load-seed";

function textOption(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number`);
  return value;
}

const opts = {
  clients: option("clients", 50),
  seconds: option("seconds", 8),
  rounds: Math.max(1, option("rounds", 1)),
  participants: option("participants", 1000),
  statements: option("statements", 100),
  members: option("members", 100_000),
  records: option("records", 20_000),
  only: textOption("only")?.split(",").filter(Boolean) ?? [],
  data: textOption("data"),
  cpuProf: textOption("cpu-prof"),
};

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });

const log = (line: string) => process.stderr.write(`[bench:load] ${line}\n`);

/** A fresh database on the server named by DATABASE_URL (never the one it names). */
async function freshServerDatabase(url: string): Promise<string> {
  const { Client } = await import("pg");
  const name = `concert_bench_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const fresh = new URL(url);
  fresh.pathname = `/${name}`;
  return fresh.toString();
}

/** Drops the database freshServerDatabase made (the server is stopped, its pool closed). */
async function dropServerDatabase(adminUrl: string, freshUrl: string): Promise<void> {
  const { Client } = await import("pg");
  const name = new URL(freshUrl).pathname.slice(1);
  if (!/^concert_bench_[0-9a-f]{8}$/.test(name)) return;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name}`);
  } catch (err) {
    log(`could not drop ${name}: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await admin.end();
  }
}

/**
 * Session readers are served the stored release. A ballot queues the results job, which
 * publishes one (every seeded ballot counts as changed since none was published): wait for it.
 */
async function waitForRelease(base: string, seeded: Seeded) {
  const headers = {
    authorization: `Bearer ${seeded.memberToken}`,
    "content-type": "application/json",
  };
  await fetch(`${base}/api/v1/sessions/${seeded.sessionId}/votes`, {
    method: "POST",
    headers,
    body: JSON.stringify({ statementId: seeded.statementId, vote: "agree" }),
  });
  for (let i = 0; i < 240; i++) {
    const res = await fetch(`${base}/api/v1/sessions/${seeded.sessionId}`, { headers });
    const view: unknown = await res.json();
    const version =
      typeof view === "object" && view !== null && "resultsRelease" in view
        ? (view.resultsRelease as { version?: unknown }).version
        : 0;
    if (typeof version === "number" && version > 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  log("no session results release after 2 minutes: session reads serve hidden results");
}

async function waitForServer(base: string, server: ReturnType<typeof spawn>) {
  for (let i = 0; i < 240; i++) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
    try {
      const res = await fetch(`${base}/api/v1/not-a-route`);
      if (res.status === 404) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not start");
}

interface Prepared {
  dataDir: string;
  url: string | undefined;
  seeded: Seeded;
}

/**
 * A freshly seeded database in a temporary folder, or with --data the one seeded there by an
 * earlier run (its forecasts cleared, so a leftover one does not run during the loads).
 */
async function prepareData(): Promise<Prepared> {
  const dataDir = opts.data
    ? path.resolve(opts.data)
    : fs.mkdtempSync(path.join(os.tmpdir(), "concert-bench-"));
  const savedFile = path.join(dataDir, "seeded.json");
  process.env.CONCERT_DATA_DIR = dataDir;
  process.env.CONCERT_KEY_DIR = path.join(dataDir, "record-keys");
  if (opts.data && fs.existsSync(savedFile)) {
    const saved = JSON.parse(fs.readFileSync(savedFile, "utf8")) as Omit<Prepared, "dataDir">;
    const open = await openDatabase(
      saved.url ? { url: saved.url } : { dataDir: path.join(dataDir, "pglite") },
    );
    await open.db.execute(sql`delete from forecasts`);
    await open.close();
    log(`reusing the data seeded in ${dataDir}`);
    return { dataDir, ...saved };
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const url = process.env.DATABASE_URL
    ? await freshServerDatabase(process.env.DATABASE_URL)
    : undefined;
  const open = await openDatabase(url ? { url } : { dataDir: path.join(dataDir, "pglite") });
  const t0 = performance.now();
  const seeded = await seed(open, opts, log);
  await open.close();
  log(
    `seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s (${url ? "PostgreSQL" : "PGlite"})`,
  );
  if (opts.data) fs.writeFileSync(savedFile, JSON.stringify({ url, seeded }));
  return { dataDir, url, seeded };
}

async function main() {
  const build = spawnSync(process.execPath, ["scripts/ensure-build.mjs"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const { dataDir, url, seeded } = await prepareData();

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CONCERT_DATA_DIR: dataDir,
    CONCERT_KEY_DIR: path.join(dataDir, "record-keys"),
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_MANUAL_SIG_HANDLE: "true",
    ...(url ? { DATABASE_URL: url } : {}),
  };
  if (!url) delete env.DATABASE_URL;
  const nextBin = path.resolve("node_modules", "next", "dist", "bin", "next");
  if (opts.cpuProf) fs.mkdirSync(path.resolve(opts.cpuProf), { recursive: true });
  const profile = opts.cpuProf ? ["--cpu-prof", "--cpu-prof-dir", path.resolve(opts.cpuProf)] : [];
  const server = spawn(
    process.execPath,
    [...profile, nextBin, "start", "-p", String(port), "-H", "127.0.0.1"],
    { env, stdio: ["ignore", "ignore", "inherit"] },
  );
  try {
    await waitForServer(base, server);
    log(`server up on ${base}; ${opts.clients} clients x ${opts.seconds} s per route`);
    const { organizerToken, memberToken, collectiveId, sessionId, campaignId } = seeded;
    const record = { fields: { city: "Lyon", vehicle: "car", label: "rejected" } };
    // The member needs a record of their own for my-instruction.
    await fetch(`${base}/api/v1/campaigns/${campaignId}/my-record`, {
      method: "PUT",
      headers: { authorization: `Bearer ${memberToken}`, "content-type": "application/json" },
      body: JSON.stringify(record),
    });
    await waitForRelease(base, seeded);
    const routes: RouteLoad[] = [
      { name: "bare 404 (/api/v1/unknown)", method: "GET", path: "/api/v1/unknown", ok: [404] },
      { name: "GET /me", method: "GET", path: "/api/v1/me", token: memberToken, ratioGoal: true },
      {
        name: "GET /sessions/{id}",
        method: "GET",
        path: `/api/v1/sessions/${sessionId}`,
        token: memberToken,
        ratioGoal: true,
      },
      {
        name: "GET /campaigns/{id}/my-instruction",
        method: "GET",
        path: `/api/v1/campaigns/${campaignId}/my-instruction`,
        token: memberToken,
        ratioGoal: true,
      },
      {
        name: "PUT /campaigns/{id}/my-record",
        method: "PUT",
        path: `/api/v1/campaigns/${campaignId}/my-record`,
        token: memberToken,
        body: record,
        ratioGoal: true,
      },
      {
        name: "GET /collectives/{id}/members",
        method: "GET",
        path: `/api/v1/collectives/${collectiveId}/members`,
        token: organizerToken,
        alone100ms: true,
      },
      {
        name: "GET /campaigns/{id}/stats",
        method: "GET",
        path: `/api/v1/campaigns/${campaignId}/stats`,
        token: organizerToken,
        alone100ms: true,
      },
      // Last: it queues a forecast, which then runs in this server. While one waits or runs,
      // the request returns it instead of queueing another, so the loop does not pile them up.
      {
        name: "POST /campaigns/{id}/forecasts",
        method: "POST",
        path: `/api/v1/campaigns/${campaignId}/forecasts`,
        token: organizerToken,
        ok: [200, 201, 202],
        alone100ms: true,
      },
    ];
    const chosen = routes.filter(
      (r, i) => i === 0 || !opts.only.length || opts.only.some((o) => r.name.includes(o)),
    );
    const loadAtStart = os.loadavg()[0] ?? NaN;
    const windows: { route: string; from: number; to: number }[] = [];
    const tallies: Tally[] = chosen.map((r) => ({
      route: r.name,
      latencies: [],
      failures: 0,
      unexpected: 0,
      seconds: 0,
      serverCpu: 0,
    }));
    // Rounds interleave the routes, so load from other processes on a shared machine falls
    // on every route alike instead of on whichever ran when it peaked.
    for (let round = 0; round < opts.rounds; round++) {
      for (const [i, route] of chosen.entries()) {
        const tally = tallies[i];
        if (!tally) continue;
        log(`round ${round + 1}/${opts.rounds}: loading ${route.name}`);
        const from = process.hrtime.bigint() / 1000n;
        await load(base, route, tally, opts.seconds / opts.rounds, server.pid, opts.clients);
        // In the profile's clock (monotonic microseconds), to attribute its samples to routes.
        windows.push({
          route: route.name,
          from: Number(from),
          to: Number(process.hrtime.bigint() / 1000n),
        });
      }
    }
    const results = tallies.map(summarise);
    if (opts.cpuProf)
      fs.writeFileSync(
        path.join(path.resolve(opts.cpuProf), "windows.json"),
        JSON.stringify(windows),
      );
    const bare = results[0]?.p95 ?? NaN;
    const rows = results.map((r) => ({
      route: r.route,
      "p50 ms": r.p50.toFixed(1),
      "p95 ms": r.p95.toFixed(1),
      "p99 ms": r.p99.toFixed(1),
      "req/s": r.rps.toFixed(0),
      "p95 / bare": (r.p95 / bare).toFixed(2),
      "server CPU ms/req": r.cpuPerRequest.toFixed(2),
      "5xx": r.failures,
      "not ok": r.unexpected,
      "goal ≤ 2x": chosen[results.indexOf(r)]?.ratioGoal
        ? r.p95 / bare <= 2 && r.unexpected === 0
          ? "met"
          : "NOT met"
        : "",
    }));
    console.log(
      `\nbench:load on ${os.cpus().length} cores, ${url ? "PostgreSQL" : "PGlite"}; ${opts.clients} clients x ${opts.seconds} s`,
    );
    console.log(`seeded: ${seeded.sizes}`);
    console.table(rows);
    console.log(
      `load average (1 min): ${loadAtStart.toFixed(2)} before the loads, ${(os.loadavg()[0] ?? NaN).toFixed(2)} after`,
    );
    // The "many members" goal reads as a request's own latency: at 50 clients even the bare
    // route's p50 is tens of ms on 2 cores, so it is measured one request at a time.
    const alone = chosen.filter((r) => r.alone100ms);
    if (alone.length) {
      const seconds = Math.min(4, opts.seconds);
      const aloneRows = [];
      for (const route of alone) {
        log(`one request at a time: ${route.name}`);
        const t: Tally = {
          route: route.name,
          latencies: [],
          failures: 0,
          unexpected: 0,
          seconds: 0,
          serverCpu: 0,
        };
        await load(base, route, t, seconds, server.pid, 1);
        const r = summarise(t);
        aloneRows.push({
          route: r.route,
          "p50 ms": r.p50.toFixed(1),
          "p95 ms": r.p95.toFixed(1),
          "not ok": r.unexpected,
          "goal < 100 ms": r.p95 < 100 && r.unexpected === 0 ? "met" : "NOT met",
        });
      }
      console.log(`\none request at a time, ${seconds} s per route:`);
      console.table(aloneRows);
    }
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    if (!opts.data) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (url && process.env.DATABASE_URL) await dropServerDatabase(process.env.DATABASE_URL, url);
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

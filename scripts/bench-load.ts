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
 */
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { sql, type SQL } from "drizzle-orm";
import { openDatabase, type OpenDatabase } from "@/db";
import { upsertRecord } from "@/db/queries/campaign-records";
import { hashToken } from "@/lib/auth/secret-token";

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number`);
  return value;
}

const opts = {
  clients: option("clients", 50),
  seconds: option("seconds", 8),
  participants: option("participants", 1000),
  statements: option("statements", 100),
  members: option("members", 100_000),
  records: option("records", 20_000),
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

interface Seeded {
  organizerToken: string;
  memberToken: string;
  collectiveId: string;
  sessionId: string;
  campaignId: string;
}

const token = () => `cct_${crypto.randomBytes(24).toString("base64url")}`;

/** The ids a query returned (raw SQL through the database's own runner: fast bulk seeding). */
function idsOf(rows: unknown[]): string[] {
  return rows.map((r) => {
    if (typeof r === "object" && r !== null && "id" in r && typeof r.id === "string") return r.id;
    throw new Error("expected rows with an id");
  });
}

async function seed(open: OpenDatabase): Promise<Seeded> {
  const db = open.db;
  /** Rows of a raw query, on PGlite and node-postgres alike (both answer `{ rows }`). */
  const rowsOf = async (query: SQL): Promise<unknown[]> => {
    const result: unknown = await db.execute(query);
    return typeof result === "object" &&
      result !== null &&
      "rows" in result &&
      Array.isArray(result.rows)
      ? (result.rows as unknown[])
      : [];
  };
  const oneId = async (query: SQL): Promise<string> => {
    const [id] = idsOf(await rowsOf(query));
    if (!id) throw new Error("seed insert returned no id");
    return id;
  };
  const organizerToken = token();
  const memberToken = token();
  const orgId = await oneId(sql`
    insert into users (handle, handle_key, password_hash) values ('bench_org', 'bench_org', 'x') returning id`);
  const memberId = await oneId(sql`
    insert into users (handle, handle_key, password_hash) values ('bench_member', 'bench_member', 'x') returning id`);
  await db.execute(sql`insert into api_tokens (user_id, name, token_hash) values
    (${orgId}, 'bench', ${hashToken(organizerToken)}), (${memberId}, 'bench', ${hashToken(memberToken)})`);
  const collectiveId = await oneId(
    sql`insert into collectives (name) values ('Bench collective') returning id`,
  );
  await db.execute(sql`insert into memberships (collective_id, user_id, role) values
    (${collectiveId}, ${orgId}, 'organizer'), (${collectiveId}, ${memberId}, 'member')`);

  const people = Math.max(opts.members, opts.participants);
  log(`seeding ${people} members`);
  await db.execute(sql`
    insert into users (handle, handle_key, password_hash)
    select 'p' || i, 'p' || i, 'x' from generate_series(1, ${people}) as i`);
  await db.execute(sql`
    insert into memberships (collective_id, user_id, role)
    select ${collectiveId}, id, 'member' from users where handle_key like 'p%'`);

  log(`seeding a session: ${opts.participants} participants x ${opts.statements} statements`);
  const sessionId = await oneId(sql`
    insert into deliberation_sessions (collective_id, title, format, prompt, phase)
    values (${collectiveId}, 'Bench session', 'statements', 'What matters?', 'open') returning id`);
  await db.execute(sql`
    insert into session_items (session_id, text, position, is_seed)
    select ${sessionId}, 'Statement ' || i, i, true from generate_series(1, ${opts.statements}) as i`);
  // Two camps with some noise, so the opinion map has structure to find.
  await db.execute(sql`
    insert into session_votes (session_id, item_id, user_id, vote)
    select ${sessionId}, it.id, u.id,
      case when random() < 0.15 then 0
           when (u.n % 2 = 0) = (it.position % 2 = 0) then 1 else -1 end
    from (select id, row_number() over (order by handle_key) as n from users where handle_key like 'p%'
          order by handle_key limit ${opts.participants}) as u
    cross join session_items it where it.session_id = ${sessionId}`);

  log("seeding a launched campaign on the gig-work sample");
  const campaignId = await oneId(sql`
    insert into campaigns (collective_id, name, sample_name, data, learner, campaign, population_size, target_success, status, launched_at)
    values (${collectiveId}, 'Bench campaign', 'gig-work',
      ${JSON.stringify({ label: "label", text: [], categorical: ["city", "vehicle"], numeric: [] })}::jsonb,
      ${JSON.stringify({ kind: "bayes" })}::jsonb,
      ${JSON.stringify({ goal: "plant", strategy: "feature-label", target: "accepted", signal: { kind: "field", column: "vehicle", value: "scooter" } })}::jsonb,
      50000, 0.8, 'launched', now()) returning id`);
  const instruction = {
    participates: true,
    changes: [{ field: "vehicle", before: "car", after: "scooter" }],
    steps: ["Set your vehicle to scooter."],
  };
  const userIds = idsOf(
    await rowsOf(
      sql`select id from users where handle_key like 'p%' order by handle_key limit ${opts.records}`,
    ),
  );
  log(`seeding ${userIds.length} sealed campaign records (a key file each)`);
  for (const [i, userId] of userIds.entries()) {
    await upsertRecord(db, {
      campaignId,
      userId,
      collectiveId,
      fields: { city: i % 2 ? "Lyon" : "Nice", vehicle: "car", label: "rejected" },
      instruction,
      isParticipating: true,
    });
  }
  return { organizerToken, memberToken, collectiveId, sessionId, campaignId };
}

interface RouteLoad {
  name: string;
  method: string;
  path: string;
  token?: string;
  body?: unknown;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

async function load(base: string, route: RouteLoad) {
  const latencies: number[] = [];
  let failures = 0;
  const until = performance.now() + opts.seconds * 1000;
  const headers: Record<string, string> = { accept: "application/json" };
  if (route.token) headers.authorization = `Bearer ${route.token}`;
  if (route.body !== undefined) headers["content-type"] = "application/json";
  const body = route.body === undefined ? undefined : JSON.stringify(route.body);
  await Promise.all(
    Array.from({ length: opts.clients }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        const res = await fetch(base + route.path, {
          method: route.method,
          headers,
          ...(body ? { body } : {}),
        });
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        if (res.status >= 500) failures++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    route: route.name,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    rps: latencies.length / opts.seconds,
    requests: latencies.length,
    failures,
  };
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

async function main() {
  const build = spawnSync(process.execPath, ["scripts/ensure-build.mjs"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "concert-bench-"));
  const url = process.env.DATABASE_URL
    ? await freshServerDatabase(process.env.DATABASE_URL)
    : undefined;
  process.env.CONCERT_DATA_DIR = dataDir;
  process.env.CONCERT_KEY_DIR = path.join(dataDir, "record-keys");
  const open = await openDatabase(url ? { url } : { dataDir: path.join(dataDir, "pglite") });
  const t0 = performance.now();
  const seeded = await seed(open);
  await open.close();
  log(
    `seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s (${url ? "PostgreSQL" : "PGlite"})`,
  );

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
  const server = spawn(
    process.execPath,
    [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"],
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
    // One read lets the session's first release be scheduled before the loops.
    await fetch(`${base}/api/v1/sessions/${sessionId}`, {
      headers: { authorization: `Bearer ${memberToken}` },
    });
    const routes: RouteLoad[] = [
      { name: "bare 404 (/api/v1/unknown)", method: "GET", path: "/api/v1/unknown" },
      { name: "GET /me", method: "GET", path: "/api/v1/me", token: memberToken },
      {
        name: "GET /sessions/{id}",
        method: "GET",
        path: `/api/v1/sessions/${sessionId}`,
        token: memberToken,
      },
      {
        name: "GET /campaigns/{id}/my-instruction",
        method: "GET",
        path: `/api/v1/campaigns/${campaignId}/my-instruction`,
        token: memberToken,
      },
      {
        name: "PUT /campaigns/{id}/my-record",
        method: "PUT",
        path: `/api/v1/campaigns/${campaignId}/my-record`,
        token: memberToken,
        body: record,
      },
      {
        name: "GET /collectives/{id}/members",
        method: "GET",
        path: `/api/v1/collectives/${collectiveId}/members`,
        token: organizerToken,
      },
      {
        name: "GET /campaigns/{id}/stats",
        method: "GET",
        path: `/api/v1/campaigns/${campaignId}/stats`,
        token: organizerToken,
      },
    ];
    const results = [];
    for (const route of routes) {
      log(`loading ${route.name}`);
      results.push(await load(base, route));
    }
    const bare = results[0]?.p95 ?? NaN;
    const rows = results.map((r) => ({
      route: r.route,
      "p50 ms": r.p50.toFixed(1),
      "p95 ms": r.p95.toFixed(1),
      "p99 ms": r.p99.toFixed(1),
      "req/s": r.rps.toFixed(0),
      "p95 / bare": (r.p95 / bare).toFixed(2),
      "5xx": r.failures,
    }));
    console.log(
      `\nbench:load on ${os.cpus().length} cores, ${url ? "PostgreSQL" : "PGlite"}; ${opts.clients} clients x ${opts.seconds} s`,
    );
    console.log(
      `seeded: ${Math.max(opts.members, opts.participants)} members, session ${opts.participants} x ${opts.statements}, ${opts.records} records`,
    );
    console.table(rows);
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

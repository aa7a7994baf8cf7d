import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db";
import * as sessions from "@/app/api/v1/collectives/[id]/sessions/route";
import * as session from "@/app/api/v1/sessions/[sessionId]/route";
import * as votes from "@/app/api/v1/sessions/[sessionId]/votes/route";
import * as openRoute from "@/app/api/v1/sessions/[sessionId]/open/route";
import * as closeRoute from "@/app/api/v1/sessions/[sessionId]/close/route";
import { startForecastQueue, stopForecastQueue } from "@/jobs/forecast-pipeline";
import { runSessionResultsJob, sessionRuleFrom } from "@/jobs/session-results";
import { minimumCountRule } from "@/lib/privacy";
import { freshDatabase } from "../helpers/db";
import { call } from "../helpers/api";
import { collectiveWith, type Person } from "../helpers/people";

// Session results are computed by the `session-results` job, never by a read: ballots only
// queue the job, reads serve what it stored, and an unchanged view answers 304.

let open: OpenDatabase;
const rule = sessionRuleFrom(minimumCountRule);
beforeAll(async () => {
  open = await freshDatabase();
  // Send-only, as a web server with external workers: jobs wait until the test runs them.
  await startForecastQueue(open, { work: false, rule: minimumCountRule });
});
afterAll(async () => {
  await stopForecastQueue();
  await open.close();
});

interface View {
  phase: string;
  items: { id: string }[];
  mine: { votes: Record<string, string> };
  results: { visible: boolean; participants: number | null };
  resultsRelease: { version: number; isFinal: boolean };
}

const get = (p: Person, sessionId: string, etag?: string) =>
  call(session.GET, "GET", "/x", {
    token: p.token,
    params: { sessionId },
    ...(etag ? { headers: { "if-none-match": etag } } : {}),
  });
const read = async (p: Person, sessionId: string) => {
  const res = await get(p, sessionId);
  expect(res.status).toBe(200);
  return res.json as View;
};
const vote = async (p: Person, sessionId: string, statementId: string, choice: string) => {
  const res = await call(votes.POST, "POST", "/x", {
    token: p.token,
    params: { sessionId },
    body: { statementId, vote: choice },
  });
  expect(res.status).toBe(200);
};

async function openStatements(g: Awaited<ReturnType<typeof collectiveWith>>) {
  const created = await call(sessions.POST, "POST", "/x", {
    token: g.facilitator.token,
    params: { id: g.id },
    body: {
      title: "Asks",
      format: "statements",
      prompt: "What first?",
      seedStatements: ["A", "B"],
    },
  });
  const sessionId = (created.json as { id: string }).id;
  const opened = await call(openRoute.POST, "POST", "/x", {
    token: g.facilitator.token,
    params: { sessionId },
  });
  expect(opened.status).toBe(200);
  return sessionId;
}

async function waitingJobs(sessionId: string): Promise<number> {
  const res = await open.executeSql(
    "select count(*)::int as n from pgboss.job where name = 'session-results' and singleton_key = $1 and state = 'created'",
    [sessionId],
  );
  const row: unknown = res.rows[0];
  return row && typeof row === "object" && "n" in row ? Number(row.n) : -1;
}

describe("session results job", () => {
  it("publishes a release only when the job runs, never in the read", async () => {
    const g = await collectiveWith("srj", 6);
    const sessionId = await openStatements(g);
    const [s1] = (await read(g.organizer, sessionId)).items;
    for (const p of g.members.slice(0, 5)) await vote(p, sessionId, s1!.id, "agree");

    // Five people changed a ballot: the release is due, but reads do not compute it.
    for (let i = 0; i < 2; i++) {
      const view = await read(g.organizer, sessionId);
      expect(view.resultsRelease.version).toBe(0);
      expect(view.results.visible).toBe(false);
    }
    // The ballots queued one job for the session (debounced: five sends, one job).
    expect(await waitingJobs(sessionId)).toBe(1);

    expect(await runSessionResultsJob(open.db, sessionId, rule)).toBe("released");
    const released = await read(g.organizer, sessionId);
    expect(released.resultsRelease.version).toBe(1);
    expect(released.results).toMatchObject({ visible: true, participants: 5 });
    // Run again (a duplicate or retried job): nothing new is due.
    expect(await runSessionResultsJob(open.db, sessionId, rule)).toBe("not_due");
    expect((await read(g.organizer, sessionId)).resultsRelease.version).toBe(1);
  });

  it("answers 304 to the current ETag, and a new ETag after the reader's own vote", async () => {
    const g = await collectiveWith("sre", 6);
    const sessionId = await openStatements(g);
    const [s1, s2] = (await read(g.organizer, sessionId)).items;
    for (const p of g.members.slice(0, 5)) await vote(p, sessionId, s1!.id, "agree");
    await runSessionResultsJob(open.db, sessionId, rule);

    const voter = g.members[0]!;
    const other = g.members[5]!; // has not voted: their view differs from the voter's
    const first = await get(voter, sessionId);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"r1-/);
    const unchanged = await get(voter, sessionId, etag!);
    expect(unchanged.status).toBe(304);
    expect(unchanged.json).toBeNull();
    expect(unchanged.headers.get("etag")).toBe(etag);
    // Weak comparison and lists, as browsers and proxies send them.
    expect((await get(voter, sessionId, `"x", W/${etag!}`)).status).toBe(304);
    // Someone else's tag is not this reader's view.
    const otherTag = (await get(other, sessionId)).headers.get("etag");
    expect(otherTag).not.toBe(etag);
    expect((await get(voter, sessionId, otherTag!)).status).toBe(200);

    // The reader's own vote shows at once: their tag changes although no release is due.
    await vote(voter, sessionId, s2!.id, "disagree");
    const after = await get(voter, sessionId, etag!);
    expect(after.status).toBe(200);
    expect((after.json as View).mine.votes[s2!.id]).toBe("disagree");
    expect((after.json as View).resultsRelease.version).toBe(1);
    // Everyone else's view did not change: still 304 for them.
    expect((await get(other, sessionId, otherTag!)).status).toBe(304);
  });

  it("serves a closed session's final results from storage", async () => {
    const g = await collectiveWith("src", 6);
    const sessionId = await openStatements(g);
    const [s1] = (await read(g.organizer, sessionId)).items;
    for (const p of g.members.slice(0, 6)) await vote(p, sessionId, s1!.id, "agree");
    const closed = await call(closeRoute.POST, "POST", "/x", {
      token: g.facilitator.token,
      params: { sessionId },
    });
    expect(closed.status).toBe(200);
    const final = await read(g.members[0]!, sessionId);
    expect(final.resultsRelease.isFinal).toBe(true);
    expect(final.results).toMatchObject({ visible: true, participants: 6 });
    // Change the stored copy behind the app's back: a read that recomputed would not show it.
    // With a new version, as every store does: reads keep the serialised copy per version.
    await open.db.execute(
      sql`update deliberation_sessions set results_snapshot = jsonb_set(results_snapshot, '{final,results,participants}', '999'), results_version = results_version + 1 where id = ${sessionId}`,
    );
    expect((await read(g.members[0]!, sessionId)).results.participants).toBe(999);
  });

  it("stores final results for a session closed by its close time through the job", async () => {
    const g = await collectiveWith("srt", 6);
    const sessionId = await openStatements(g);
    const [s1] = (await read(g.organizer, sessionId)).items;
    for (const p of g.members.slice(0, 5)) await vote(p, sessionId, s1!.id, "agree");
    await runSessionResultsJob(open.db, sessionId, rule);
    await vote(g.members[5]!, sessionId, s1!.id, "disagree");
    // Its close time passes (the phase column still says open).
    await open.db.execute(
      sql`update deliberation_sessions set closes_at = now() - interval '1 minute' where id = ${sessionId}`,
    );
    const waiting = await read(g.organizer, sessionId);
    expect(waiting.phase).toBe("closed");
    expect(waiting.resultsRelease).toMatchObject({ version: 1, isFinal: false });
    expect(waiting.results.participants).toBe(5);
    expect(await waitingJobs(sessionId)).toBe(1);

    expect(await runSessionResultsJob(open.db, sessionId, rule)).toBe("final");
    const final = await read(g.organizer, sessionId);
    expect(final.resultsRelease.isFinal).toBe(true);
    expect(final.results.participants).toBe(6);
    expect(await runSessionResultsJob(open.db, sessionId, rule)).toBe("up_to_date");
  });
});

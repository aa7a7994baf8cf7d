import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db";
import * as sessions from "@/app/api/v1/collectives/[id]/sessions/route";
import * as session from "@/app/api/v1/sessions/[sessionId]/route";
import * as votes from "@/app/api/v1/sessions/[sessionId]/votes/route";
import * as statement from "@/app/api/v1/sessions/[sessionId]/statements/[statementId]/route";
import * as openRoute from "@/app/api/v1/sessions/[sessionId]/open/route";
import * as closeRoute from "@/app/api/v1/sessions/[sessionId]/close/route";
import { runSessionResultsJob, sessionRuleFrom } from "@/jobs/session-results";
import { getSessionView } from "@/lib/data/sessions";
import { minimumCountRule } from "@/lib/privacy";
import { freshDatabase } from "../helpers/db";
import { call } from "../helpers/api";
import { collectiveWith, person, type Person } from "../helpers/people";

// A session's shared part (released results, outcome) is kept serialised per release and
// spliced into each viewer's JSON (lib/data/session-results.ts). These check that what a
// reader gets is what building the view from storage gives, and that everything the shared
// part depends on (a release, moderation, the close) shows at once.

let open: OpenDatabase;
const rule = sessionRuleFrom(minimumCountRule);
beforeAll(async () => {
  open = await freshDatabase();
});
afterAll(async () => {
  await open.close();
});

interface View {
  phase: string;
  items: { id: string; text: string }[];
  results: {
    visible: boolean;
    participants: number | null;
    statements?: { tallies: { statementId: string }[] };
    texts?: Record<string, string>;
  };
  resultsRelease: { version: number; isFinal: boolean };
  outcome: unknown;
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
  return { view: res.json as View, etag: res.headers.get("etag") ?? "" };
};
const vote = async (p: Person, sessionId: string, statementId: string, choice: string) => {
  const res = await call(votes.POST, "POST", "/x", {
    token: p.token,
    params: { sessionId },
    body: { statementId, vote: choice },
  });
  expect(res.status).toBe(200);
};

async function releasedSession(prefix: string) {
  const g = await collectiveWith(prefix, 6);
  const created = await call(sessions.POST, "POST", "/x", {
    token: g.facilitator.token,
    params: { id: g.id },
    body: { title: "Asks", format: "statements", prompt: "What?", seedStatements: ["A", "B"] },
  });
  const sessionId = (created.json as { id: string }).id;
  await call(openRoute.POST, "POST", "/x", { token: g.facilitator.token, params: { sessionId } });
  const { view } = await read(g.organizer, sessionId);
  const [a, b] = view.items;
  for (const p of g.members.slice(0, 5)) {
    await vote(p, sessionId, a!.id, "agree");
    await vote(p, sessionId, b!.id, "disagree");
  }
  await runSessionResultsJob(open.db, sessionId, rule);
  return { g, sessionId, a: a!, b: b! };
}

describe("session reads from the release cache", () => {
  it("sends the same view as building it from storage, to every allowed reader", async () => {
    const { g, sessionId } = await releasedSession("rc1");
    for (const p of [g.organizer, g.members[0]!, g.members[5]!]) {
      const { view } = await read(p, sessionId);
      const built = await getSessionView(
        open.db,
        { userId: p.userId, handle: p.handle },
        sessionId,
      );
      expect(built.ok).toBe(true);
      expect(view).toEqual(JSON.parse(JSON.stringify(built.ok ? built.value : null)));
      expect(view.results).toMatchObject({ visible: true, participants: 5 });
    }
  });

  it("still refuses outsiders once the release is cached", async () => {
    const { sessionId } = await releasedSession("rc2");
    const outsider = await person("rc2_outsider");
    expect((await get(outsider, sessionId)).status).toBe(404);
  });

  it("drops a statement from the results as soon as it is rejected, without a new release", async () => {
    const { g, sessionId, b } = await releasedSession("rc3");
    const before = await read(g.members[0]!, sessionId);
    const tallied = (v: View) => v.results.statements?.tallies.map((t) => t.statementId);
    expect(tallied(before.view)).toContain(b.id);
    expect(before.view.results.texts).toHaveProperty(b.id);
    const rejected = await call(statement.PATCH, "PATCH", "/x", {
      token: g.facilitator.token,
      params: { sessionId, statementId: b.id },
      body: { status: "rejected" },
    });
    expect(rejected.status).toBe(200);
    const after = await read(g.members[0]!, sessionId);
    expect(after.view.resultsRelease.version).toBe(before.view.resultsRelease.version);
    expect(tallied(after.view)).not.toContain(b.id);
    expect(after.view.results.texts).not.toHaveProperty(b.id);
    expect(after.etag).not.toBe(before.etag);
  });

  it("shows the final results and the outcome at close, and a new tag", async () => {
    const { g, sessionId } = await releasedSession("rc4");
    const live = await read(g.members[0]!, sessionId);
    expect(live.view.outcome).toBeNull();
    const closed = await call(closeRoute.POST, "POST", "/x", {
      token: g.facilitator.token,
      params: { sessionId },
    });
    expect(closed.status).toBe(200);
    expect((await get(g.members[0]!, sessionId, live.etag)).status).toBe(200);
    const final = await read(g.members[0]!, sessionId);
    expect(final.view.resultsRelease.isFinal).toBe(true);
    expect(final.view.outcome).toMatchObject({ visible: true, participants: 5 });
  });

  it("shows statements changed through another server at the next read (items fingerprint)", async () => {
    const { g, sessionId, a } = await releasedSession("rc6");
    const before = await read(g.members[0]!, sessionId);
    expect(before.view.items.map((i) => i.text)).toEqual(["A", "B"]);
    // Written behind this process's back: nothing here is told, only the database knows.
    await open.db.execute(sql`update session_items set text = 'A, reworded' where id = ${a.id}`);
    const reworded = await read(g.members[0]!, sessionId);
    expect(reworded.view.items.map((i) => i.text)).toEqual(["A, reworded", "B"]);
    await open.db.execute(
      sql`insert into session_items (session_id, text, position, is_seed) values (${sessionId}, 'C', 2, true)`,
    );
    const after = await read(g.members[0]!, sessionId);
    expect(after.view.items.map((i) => i.text)).toEqual(["A, reworded", "B", "C"]);
    expect(after.etag).not.toBe(before.etag);
  });

  it("gives each reader their own tag, and 304 only for their own", async () => {
    const { g, sessionId } = await releasedSession("rc5");
    const mine = await read(g.members[0]!, sessionId);
    const theirs = await read(g.members[5]!, sessionId);
    // Different own votes (they cast none) are a different view; the shared part is the same.
    expect(mine.etag).not.toBe(theirs.etag);
    expect((await get(g.members[0]!, sessionId, mine.etag)).status).toBe(304);
    expect((await get(g.members[0]!, sessionId, theirs.etag)).status).toBe(200);
  });
});

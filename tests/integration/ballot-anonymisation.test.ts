import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { OpenDatabase } from "@/db";
import { anonymiseBallots } from "@/db/queries/session-personal-data";
import { sessionAllocations, sessionItems, sessionResponses, sessionVotes } from "@/db/schema";
import * as collectives from "@/app/api/v1/collectives/route";
import * as sessions from "@/app/api/v1/collectives/[id]/sessions/route";
import * as session from "@/app/api/v1/sessions/[sessionId]/route";
import * as statements from "@/app/api/v1/sessions/[sessionId]/statements/route";
import * as votes from "@/app/api/v1/sessions/[sessionId]/votes/route";
import * as allocations from "@/app/api/v1/sessions/[sessionId]/allocations/route";
import * as responses from "@/app/api/v1/sessions/[sessionId]/responses/route";
import * as openRoute from "@/app/api/v1/sessions/[sessionId]/open/route";
import * as closeRoute from "@/app/api/v1/sessions/[sessionId]/close/route";
import { freshDatabase } from "../helpers/db";
import { call } from "../helpers/api";
import { collectiveWith, type Person } from "../helpers/people";

// Leaving a collective or deleting an account cuts a person's ballots loose from them,
// without changing a single result.

let open: OpenDatabase;
beforeAll(async () => {
  open = await freshDatabase();
});
afterAll(async () => {
  await open.close();
});

interface View {
  items: { id: string; text: string }[];
  results: unknown;
  outcome: unknown;
}
const read = async (p: Person, sessionId: string) =>
  (await call(session.GET, "GET", "/x", { token: p.token, params: { sessionId } })).json as View;
const post = async (handler: typeof votes.POST, p: Person, sessionId: string, body: object) => {
  const res = await call(handler, "POST", "/x", { token: p.token, params: { sessionId }, body });
  expect(res.status).toBeLessThan(300);
  return res.json;
};

async function newSession(runner: Person, collectiveId: string, body: object) {
  const created = await call(sessions.POST, "POST", "/x", {
    token: runner.token,
    params: { id: collectiveId },
    body,
  });
  const sessionId = (created.json as { id: string }).id;
  await call(openRoute.POST, "POST", "/x", { token: runner.token, params: { sessionId } });
  return sessionId;
}

/** Every ballot row and statement author of a session, as (table, voter) pairs. */
async function ballotRows(sessionId: string) {
  const db = open.db;
  return {
    votes: await db
      .select({ userId: sessionVotes.userId })
      .from(sessionVotes)
      .where(eq(sessionVotes.sessionId, sessionId)),
    allocations: await db
      .select({ userId: sessionAllocations.userId })
      .from(sessionAllocations)
      .where(eq(sessionAllocations.sessionId, sessionId)),
    responses: await db
      .select({ userId: sessionResponses.userId })
      .from(sessionResponses)
      .where(eq(sessionResponses.sessionId, sessionId)),
    authors: await db
      .select({ authorId: sessionItems.authorId })
      .from(sessionItems)
      .where(eq(sessionItems.sessionId, sessionId)),
  };
}

describe("anonymiseBallots", () => {
  it("replaces a person's voter id per session, keeps every result, and stays within the collective asked", async () => {
    const g = await collectiveWith("anon", 6);
    const [leaver, stayer] = [g.members[0]!, g.members[1]!];

    // A statement session with a statement of the leaver's own, voted on in two camps.
    const st = await newSession(g.facilitator, g.id, {
      title: "Asks",
      format: "statements",
      prompt: "?",
      seedStatements: ["Fair pay", "Less tracking", "Paid breaks"],
    });
    await post(statements.POST, leaver, st, { text: "Night bonus" });
    const items = (await read(leaver, st)).items;
    for (const [i, m] of g.members.entries()) {
      for (const [j, item] of items.entries()) {
        await post(votes.POST, m, st, {
          statementId: item.id,
          vote: i < 3 === (j % 2 === 0) ? "agree" : "disagree",
        });
      }
    }
    // A consent round and a dot vote.
    const cr = await newSession(g.facilitator, g.id, {
      title: "Go?",
      format: "consent",
      prompt: "Launch",
    });
    for (const [i, m] of g.members.entries()) {
      await post(
        responses.POST,
        m,
        cr,
        i === 0 ? { position: "object", reason: "Too early" } : { position: "consent" },
      );
    }
    const dv = await newSession(g.facilitator, g.id, {
      title: "Pick",
      format: "dots",
      prompt: "Which?",
      options: ["A", "B", "C"],
      dots: 2,
    });
    const options = (await read(leaver, dv)).items;
    for (const [i, m] of g.members.entries()) {
      await post(allocations.POST, m, dv, {
        allocations: [{ optionId: options[i % 3]!.id, dots: 2 }],
      });
    }
    // The leaver also organises a collective of their own, with a round they answered.
    const own = await call(collectives.POST, "POST", "/x", {
      token: leaver.token,
      body: { name: "Elsewhere" },
    });
    const elsewhere = await newSession(leaver, (own.json as { id: string }).id, {
      title: "Mine",
      format: "consent",
      prompt: "Ok?",
    });
    await post(responses.POST, leaver, elsewhere, { position: "consent" });

    for (const id of [st, cr, dv])
      await call(closeRoute.POST, "POST", "/x", {
        token: g.facilitator.token,
        params: { sessionId: id },
      });
    const before = await Promise.all([st, cr, dv].map((id) => read(g.organizer, id)));
    expect(before.map((v) => (v.results as { visible: boolean }).visible)).toEqual([
      true,
      true,
      true,
    ]);

    // A statement session gets a consent response too, to check one id across the three tables.
    await open.db
      .insert(sessionResponses)
      .values({ sessionId: st, userId: leaver.userId, position: "consent", reason: null });

    // Inside a transaction that rolls back, nothing changes.
    await expect(
      open.db.transaction(async (tx) => {
        await anonymiseBallots(tx, { userId: leaver.userId, collectiveId: g.id });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect((await ballotRows(st)).votes.filter((v) => v.userId === leaver.userId)).toHaveLength(
      items.length,
    );

    await open.db.transaction(async (tx) =>
      anonymiseBallots(tx, { userId: leaver.userId, collectiveId: g.id }),
    );

    // Results and outcomes read exactly as before.
    const after = await Promise.all([st, cr, dv].map((id) => read(g.organizer, id)));
    for (const [i, view] of after.entries()) {
      expect(view.results).toEqual(before[i]!.results);
      expect(view.outcome).toEqual(before[i]!.outcome);
    }

    // No row of the collective's sessions carries the leaver's id any more.
    const rows = await Promise.all([st, cr, dv].map(ballotRows));
    const text = JSON.stringify(rows);
    expect(text).not.toContain(leaver.userId);
    expect(text).toContain(stayer.userId);
    // One fresh id per session: shared by the session's ballot tables (so the person's votes
    // still cluster as one), different in every session, and nobody's real id.
    const memberIds = new Set([...g.members, g.organizer, g.facilitator].map((p) => p.userId));
    const anonymousIn = (r: Awaited<ReturnType<typeof ballotRows>>) => [
      ...new Set(
        [...r.votes, ...r.allocations, ...r.responses]
          .map((b) => b.userId)
          .filter((id) => !memberIds.has(id)),
      ),
    ];
    const [stAnon, crAnon, dvAnon] = rows.map(anonymousIn);
    expect(stAnon).toHaveLength(1);
    expect(crAnon).toHaveLength(1);
    expect(dvAnon).toHaveLength(1);
    expect(rows[0]!.votes.filter((v) => v.userId === stAnon![0])).toHaveLength(items.length);
    expect(rows[0]!.responses.map((r) => r.userId)).toEqual(stAnon);
    expect(new Set([stAnon![0], crAnon![0], dvAnon![0]]).size).toBe(3);
    expect(rows[0]!.authors.every((a) => a.authorId === null)).toBe(true);

    // The other collective was not asked about: the leaver's ballot there is still theirs.
    expect((await ballotRows(elsewhere)).responses).toEqual([{ userId: leaver.userId }]);

    // Without a collective (deleting the account), every session is covered.
    await anonymiseBallots(open.db, { userId: leaver.userId });
    expect(JSON.stringify(await ballotRows(elsewhere))).not.toContain(leaver.userId);
    await anonymiseBallots(open.db, { userId: stayer.userId });
    const everywhere = await Promise.all([st, cr, dv].map(ballotRows));
    expect(JSON.stringify(everywhere)).not.toContain(stayer.userId);
    const [stAfter, crAfter, dvAfter] = await Promise.all(
      [st, cr, dv].map((id) => read(g.organizer, id)),
    );
    expect(stAfter!.results).toEqual(before[0]!.results);
    expect(crAfter!.results).toEqual(before[1]!.results);
    expect(dvAfter!.results).toEqual(before[2]!.results);
  });
});

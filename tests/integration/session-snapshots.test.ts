import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db";
import { findSession } from "@/db/queries/sessions";
import * as sessions from "@/app/api/v1/collectives/[id]/sessions/route";
import * as session from "@/app/api/v1/sessions/[sessionId]/route";
import * as votes from "@/app/api/v1/sessions/[sessionId]/votes/route";
import * as allocations from "@/app/api/v1/sessions/[sessionId]/allocations/route";
import * as responses from "@/app/api/v1/sessions/[sessionId]/responses/route";
import * as openRoute from "@/app/api/v1/sessions/[sessionId]/open/route";
import * as closeRoute from "@/app/api/v1/sessions/[sessionId]/close/route";
import { startForecastQueue, stopForecastQueue } from "@/jobs/forecast-pipeline";
import { runSessionResultsJob, sessionRuleFrom } from "@/jobs/session-results";
import { minimumCountRule } from "@/lib/privacy";
import { freshDatabase } from "../helpers/db";
import { call } from "../helpers/api";
import { collectiveWith, type Person } from "../helpers/people";

// Live results move only in batches of 5 changed ballots: knowing when a colleague voted
// must never tell, by comparing two reads, how they voted.

let open: OpenDatabase;
beforeAll(async () => {
  open = await freshDatabase();
  // Send-only: ballots queue the results job, which each read below runs first (as the
  // queue would between the votes and the read), so the batches are exactly the job's.
  await startForecastQueue(open, { work: false, rule: minimumCountRule });
});
afterAll(async () => {
  await stopForecastQueue();
  await open.close();
});

interface Release {
  version: number;
  publishedAt: string | null;
  batchSize: number;
  isFinal: boolean;
}
interface View {
  items: { id: string; text: string }[];
  mine: { votes: Record<string, string>; response: { position: string } | null };
  results: {
    visible: boolean;
    participants: number | null;
    consent?: {
      counts: Record<string, number>;
      blocks: string[];
      objections: string[];
      concerns: string[];
    };
    statements?: {
      tallies: { statementId: string; agree: number; disagree: number; pass: number }[];
    };
  };
  resultsRelease: Release;
}

const read = async (p: Person, sessionId: string) => {
  await runSessionResultsJob(open.db, sessionId, sessionRuleFrom(minimumCountRule));
  const res = await call(session.GET, "GET", "/x", { token: p.token, params: { sessionId } });
  expect(res.status).toBe(200);
  return res.json as View;
};

async function createOpen(g: Awaited<ReturnType<typeof collectiveWith>>, body: object) {
  const created = await call(sessions.POST, "POST", "/x", {
    token: g.facilitator.token,
    params: { id: g.id },
    body,
  });
  const sessionId = (created.json as { id: string }).id;
  expect(
    (
      await call(openRoute.POST, "POST", "/x", {
        token: g.facilitator.token,
        params: { sessionId },
      })
    ).status,
  ).toBe(200);
  return sessionId;
}

describe("live results are released in batches", () => {
  it("a consent round shows counts in batches of five people and its reasons only at close", async () => {
    const g = await collectiveWith("snapc", 7);
    const m = g.members;
    const sessionId = await createOpen(g, {
      title: "Launch?",
      format: "consent",
      prompt: "Launch the campaign",
    });
    const respond = async (p: Person, position: string, reason?: string) => {
      const res = await call(responses.POST, "POST", "/x", {
        token: p.token,
        params: { sessionId },
        body: { position, reason },
      });
      expect(res.status).toBe(200);
    };
    const everyone = [g.organizer, g.facilitator, ...m];

    await respond(m[0]!, "object", "Management reads our chat");
    await respond(m[1]!, "concern", "Timing is tight");
    await respond(m[2]!, "consent");
    await respond(m[3]!, "consent");
    expect((await read(g.facilitator, sessionId)).results).toMatchObject({
      visible: false,
      participants: null,
    });
    await respond(m[4]!, "consent");

    // Five people answered: the first release shows them, without a word of their reasons.
    const first = await read(g.facilitator, sessionId);
    expect(first.resultsRelease).toMatchObject({ version: 1, batchSize: 5, isFinal: false });
    expect(first.resultsRelease.publishedAt).not.toBeNull();
    expect(first.results).toMatchObject({ visible: true, participants: 5 });
    expect(first.results.consent).toMatchObject({
      counts: { consent: 3, concern: 1, object: 1, block: 0, total: 5 },
      blocks: [],
      objections: [],
      concerns: [],
    });
    expect(JSON.stringify(first)).not.toMatch(/Management|Timing/);

    // The sixth answer (a block) changes nothing anyone reads, whatever their role.
    await respond(m[5]!, "block", "This exposes the night shift");
    for (const viewer of everyone) {
      const view = await read(viewer, sessionId);
      expect(view.results).toEqual(first.results);
      expect(view.resultsRelease).toEqual(first.resultsRelease);
      // (Only its author reads it back, as their own response.)
      if (viewer !== m[5]) expect(JSON.stringify(view)).not.toContain("night shift");
    }
    // ...but its author sees their own response at once.
    expect((await read(m[5]!, sessionId)).mine.response).toMatchObject({ position: "block" });

    // Sending the same response again is no change, so it does not count towards a batch.
    await respond(m[2]!, "consent");
    await respond(m[6]!, "consent");
    await respond(m[3]!, "concern", "Fine, but slowly");
    await respond(m[4]!, "concern");
    // m5, m6, m3 and m4 changed since the release: four people, still the first release.
    expect((await read(m[0]!, sessionId)).results).toEqual(first.results);

    // A fifth person changes their ballot: two concurrent readers see one new release.
    await respond(m[0]!, "consent");
    const [a, b, c] = await Promise.all([
      read(m[1]!, sessionId),
      read(m[2]!, sessionId),
      read(g.organizer, sessionId),
    ]);
    for (const view of [a, b, c]) {
      expect(view.resultsRelease.version).toBe(2);
      expect(view.results.consent?.counts).toEqual({
        consent: 3,
        concern: 3,
        object: 0,
        block: 1,
        total: 7,
      });
      expect(view.results.consent?.blocks).toEqual([]);
    }
    expect(b.results).toEqual(a.results);
    expect(c.results).toEqual(a.results);
    expect((await findSession(open.db, { sessionId }))?.resultsVersion).toBe(2);

    // Closing publishes the final outcome, reasons included.
    await respond(m[1]!, "object", "Not before the vote on pay");
    expect(
      (
        await call(closeRoute.POST, "POST", "/x", {
          token: g.facilitator.token,
          params: { sessionId },
        })
      ).status,
    ).toBe(200);
    const closed = await read(m[6]!, sessionId);
    expect(closed.resultsRelease.isFinal).toBe(true);
    expect(closed.results.consent).toMatchObject({
      counts: { consent: 3, concern: 2, object: 1, block: 1, total: 7 },
      blocks: ["This exposes the night shift"],
      objections: ["Not before the vote on pay"],
      concerns: ["Fine, but slowly"],
    });
    expect((await findSession(open.db, { sessionId }))?.resultsVersion).toBe(3);
  });

  it("statement tallies move only after five more people voted or changed a vote", async () => {
    const g = await collectiveWith("snaps", 7);
    const m = g.members;
    const sessionId = await createOpen(g, {
      title: "Asks",
      format: "statements",
      prompt: "What first?",
      seedStatements: ["Fair pay", "Less tracking"],
    });
    const [s1, s2] = (await read(m[0]!, sessionId)).items;
    const vote = async (p: Person, statementId: string, choice: string) => {
      const res = await call(votes.POST, "POST", "/x", {
        token: p.token,
        params: { sessionId },
        body: { statementId, vote: choice },
      });
      expect(res.status).toBe(200);
    };
    const tally = (view: View, id: string) =>
      view.results.statements?.tallies.find((t) => t.statementId === id);

    for (const p of m.slice(0, 5)) {
      await vote(p, s1!.id, "agree");
      await vote(p, s2!.id, "disagree");
    }
    const first = await read(g.organizer, sessionId);
    expect(first.resultsRelease.version).toBe(1);
    expect(first.results.participants).toBe(5);
    expect(tally(first, s1!.id)).toMatchObject({ agree: 5, disagree: 0 });

    // The sixth voter is invisible in everything derived from ballots: tallies, map, count.
    await vote(m[5]!, s1!.id, "disagree");
    for (const viewer of [g.organizer, g.facilitator, m[0]!, m[5]!]) {
      const view = await read(viewer, sessionId);
      expect(view.results).toEqual(first.results);
      expect(view.resultsRelease.version).toBe(1);
    }
    // Their own vote shows to them at once.
    expect((await read(m[5]!, sessionId)).mine.votes[s1!.id]).toBe("disagree");

    // Several votes by one person count once; re-sending a vote counts not at all.
    await vote(m[5]!, s2!.id, "agree");
    await vote(m[0]!, s1!.id, "agree");
    await vote(m[6]!, s1!.id, "disagree");
    await vote(m[1]!, s1!.id, "pass");
    await vote(m[2]!, s2!.id, "agree");
    expect(tally(await read(m[3]!, sessionId), s1!.id)).toMatchObject({ agree: 5, disagree: 0 });

    await vote(m[3]!, s1!.id, "disagree");
    const second = await read(m[4]!, sessionId);
    expect(second.resultsRelease.version).toBe(2);
    expect(second.results.participants).toBe(7);
    expect(tally(second, s1!.id)).toMatchObject({ agree: 3, disagree: 3, pass: 1 });
    expect(tally(second, s2!.id)).toMatchObject({ agree: 2, disagree: 4 });
  });

  it("a dot vote's participation count moves in batches too", async () => {
    const g = await collectiveWith("snapd", 6);
    const sessionId = await createOpen(g, {
      title: "Pick",
      format: "dots",
      prompt: "Which?",
      options: ["A", "B"],
      dots: 1,
    });
    const [a] = (await read(g.members[0]!, sessionId)).items;
    for (const p of g.members) {
      await call(allocations.POST, "POST", "/x", {
        token: p.token,
        params: { sessionId },
        body: { allocations: [{ optionId: a!.id, dots: 1 }] },
      });
      if (p === g.members[4])
        expect((await read(g.organizer, sessionId)).results).toMatchObject({
          visible: false,
          participants: 5,
        });
    }
    expect((await read(g.organizer, sessionId)).results).toMatchObject({
      visible: false,
      participants: 5,
    });
  });
});

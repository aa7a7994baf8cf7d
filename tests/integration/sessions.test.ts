import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db";
import * as sessions from "@/app/api/v1/collectives/[id]/sessions/route";
import * as session from "@/app/api/v1/sessions/[sessionId]/route";
import * as statements from "@/app/api/v1/sessions/[sessionId]/statements/route";
import * as votes from "@/app/api/v1/sessions/[sessionId]/votes/route";
import * as allocations from "@/app/api/v1/sessions/[sessionId]/allocations/route";
import * as responses from "@/app/api/v1/sessions/[sessionId]/responses/route";
import * as openRoute from "@/app/api/v1/sessions/[sessionId]/open/route";
import * as closeRoute from "@/app/api/v1/sessions/[sessionId]/close/route";
import * as audit from "@/app/api/v1/collectives/[id]/audit/route";
import { freshDatabase } from "../helpers/db";
import { call } from "../helpers/api";
import { collectiveWith, person, type Person } from "../helpers/people";

let open: OpenDatabase;
beforeAll(async () => {
  open = await freshDatabase();
});
afterAll(async () => {
  await open.close();
});

type View = {
  items: { id: string; text: string }[];
  results: { visible: boolean; participantsLabel?: string; reason?: string };
  mine: { votes: Record<string, string> };
  phase: string;
};

const get = async (p: Person, sessionId: string) =>
  call(session.GET, "GET", "/x", { token: p.token, params: { sessionId } });

describe("statement voting sessions", () => {
  it("keeps votes secret, gates results at five, and logs only facilitator actions", async () => {
    const g = await collectiveWith("sv", 6);
    const created = await call(sessions.POST, "POST", "/x", {
      token: g.facilitator.token,
      params: { id: g.id },
      body: {
        title: "What should we ask for?",
        format: "statements",
        prompt: "Pay and safety",
        seedStatements: ["Fair pay", "Safer routes", "Less tracking"],
      },
    });
    expect(created.status).toBe(201);
    const sessionId = (created.json as { id: string }).id;

    // Draft: nobody votes yet.
    const firstView = (await get(g.members[0]!, sessionId)).json as View;
    const [s1, s2, s3] = firstView.items;
    expect(firstView.phase).toBe("draft");
    const early = await call(votes.POST, "POST", "/x", {
      token: g.members[0]!.token,
      params: { sessionId },
      body: { statementId: s1!.id, vote: "agree" },
    });
    expect(early.status).toBe(409);

    // A member cannot open or close.
    expect(
      (
        await call(openRoute.POST, "POST", "/x", {
          token: g.members[0]!.token,
          params: { sessionId },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call(openRoute.POST, "POST", "/x", {
          token: g.facilitator.token,
          params: { sessionId },
        })
      ).status,
    ).toBe(200);

    const pattern = ["agree", "disagree", "pass"] as const;
    for (const [i, m] of g.members.slice(0, 4).entries()) {
      const r = await call(votes.POST, "POST", "/x", {
        token: m.token,
        params: { sessionId },
        body: { statementId: s1!.id, vote: pattern[i % 3] },
      });
      expect(r.status).toBe(200);
    }
    const fewer = (await get(g.organizer, sessionId)).json as View;
    expect(fewer.results).toMatchObject({ visible: false, participantsLabel: "fewer than 5" });

    for (const [i, m] of g.members.entries()) {
      for (const s of [s1!, s2!, s3!]) {
        await call(votes.POST, "POST", "/x", {
          token: m.token,
          params: { sessionId },
          body: { statementId: s.id, vote: i < 3 ? "agree" : "disagree" },
        });
      }
    }
    // A member sees and can change their own vote.
    const mine = (await get(g.members[5]!, sessionId)).json as View;
    expect(mine.mine.votes[s1!.id]).toBe("disagree");
    await call(votes.POST, "POST", "/x", {
      token: g.members[5]!.token,
      params: { sessionId },
      body: { statementId: s1!.id, vote: "agree" },
    });
    expect(((await get(g.members[5]!, sessionId)).json as View).mine.votes[s1!.id]).toBe("agree");

    // Nobody, of any role, gets anything that names or identifies another voter.
    for (const viewer of [g.organizer, g.facilitator, g.members[0]!]) {
      const res = await get(viewer, sessionId);
      expect(res.status).toBe(200);
      expect((res.json as View).results.visible).toBe(true);
      const text = JSON.stringify(res.json);
      for (const other of g.members.filter((m) => m !== viewer)) {
        expect(text).not.toContain(other.userId);
        expect(text).not.toContain(other.handle);
      }
    }

    const add = await call(statements.POST, "POST", "/x", {
      token: g.members[1]!.token,
      params: { sessionId },
      body: { text: "Transparent ratings" },
    });
    expect(add).toMatchObject({ status: 201, json: { status: "approved" } });
    // A member's export holds their own statements and votes (and nobody else's).
    const { GET: exportMine } = await import("@/app/api/v1/me/export/route");
    const mineExport = (await call(exportMine, "GET", "/x", { token: g.members[1]!.token }))
      .json as { sessions: { votes: unknown[]; statements: { text: string }[] } };
    expect(mineExport.sessions.statements).toEqual([
      expect.objectContaining({ text: "Transparent ratings" }),
    ]);
    expect(mineExport.sessions.votes).toHaveLength(3);

    expect(
      (
        await call(closeRoute.POST, "POST", "/x", {
          token: g.members[0]!.token,
          params: { sessionId },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call(closeRoute.POST, "POST", "/x", {
          token: g.facilitator.token,
          params: { sessionId },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(closeRoute.POST, "POST", "/x", {
          token: g.facilitator.token,
          params: { sessionId },
        })
      ).status,
    ).toBe(409);
    const { PATCH: moderate } =
      await import("@/app/api/v1/sessions/[sessionId]/statements/[statementId]/route");
    const lateModeration = await call(moderate, "PATCH", "/x", {
      token: g.facilitator.token,
      params: { sessionId, statementId: s1!.id },
      body: { status: "rejected" },
    });
    expect(lateModeration.status).toBe(409);
    const closed = (await get(g.members[0]!, sessionId)).json as View & { outcome: unknown };
    expect(closed.phase).toBe("closed");
    expect(closed.outcome).toMatchObject({ visible: true, format: "statements" });

    const log = await call(audit.GET, "GET", "/x", {
      token: g.organizer.token,
      params: { id: g.id },
    });
    const actions = (log.json as { events: { action: string; actor: string }[] }).events.map(
      (e) => e.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(["session.created", "session.opened", "session.closed"]),
    );
    const logText = JSON.stringify(log.json);
    for (const m of g.members) expect(logText).not.toContain(m.handle);
  });

  it("hides sessions from non-members and rejects bad input with 422", async () => {
    const g = await collectiveWith("iso", 1);
    const stranger = await person("iso_stranger");
    const created = await call(sessions.POST, "POST", "/x", {
      token: g.organizer.token,
      params: { id: g.id },
      body: {
        title: "Pick",
        format: "dots",
        prompt: "Which first?",
        options: ["A", "B", "C"],
        dots: 2,
      },
    });
    const sessionId = (created.json as { id: string }).id;
    expect((await get(stranger, sessionId)).status).toBe(404);
    expect(
      (await call(sessions.GET, "GET", "/x", { token: stranger.token, params: { id: g.id } }))
        .status,
    ).toBe(404);
    expect(
      (
        await call(sessions.POST, "POST", "/x", {
          token: g.members[0]!.token,
          params: { id: g.id },
          body: { title: "x", format: "consent", prompt: "y" },
        })
      ).status,
    ).toBe(403);

    const bad = await call(sessions.POST, "POST", "/x", {
      token: g.organizer.token,
      params: { id: g.id },
      body: { title: "", format: "poll", prompt: "" },
    });
    expect(bad.status).toBe(422);
    expect(Object.keys((bad.json as { error: { fields: object } }).error.fields)).toEqual(
      expect.arrayContaining(["title", "format", "prompt"]),
    );
    const oneOption = await call(sessions.POST, "POST", "/x", {
      token: g.organizer.token,
      params: { id: g.id },
      body: { title: "t", format: "dots", prompt: "p", options: ["only"] },
    });
    expect(oneOption.status).toBe(422);

    await call(openRoute.POST, "POST", "/x", { token: g.organizer.token, params: { sessionId } });
    const view = (await get(g.members[0]!, sessionId)).json as View;
    const [a, b] = view.items;
    const over = await call(allocations.POST, "POST", "/x", {
      token: g.members[0]!.token,
      params: { sessionId },
      body: {
        allocations: [
          { optionId: a!.id, dots: 2 },
          { optionId: b!.id, dots: 1 },
        ],
      },
    });
    expect(over.status).toBe(422);
    const fine = await call(allocations.POST, "POST", "/x", {
      token: g.members[0]!.token,
      params: { sessionId },
      body: { allocations: [{ optionId: a!.id, dots: 2 }] },
    });
    expect(fine.status).toBe(200);
    // Dot-vote results stay hidden while open.
    expect(((await get(g.organizer, sessionId)).json as View).results.visible).toBe(false);
    const wrongFormat = await call(votes.POST, "POST", "/x", {
      token: g.members[0]!.token,
      params: { sessionId },
      body: { statementId: a!.id, vote: "agree" },
    });
    expect(wrongFormat.status).toBe(422);
    expect(
      (
        await call(responses.POST, "POST", "/x", {
          token: g.members[0]!.token,
          params: { sessionId },
          rawBody: "nope",
        })
      ).status,
    ).toBe(422);
  });

  it("states a consent outcome with the objections to address", async () => {
    const g = await collectiveWith("cr", 5);
    const created = await call(sessions.POST, "POST", "/x", {
      token: g.facilitator.token,
      params: { id: g.id },
      body: {
        title: "Launch?",
        format: "consent",
        prompt: "Launch the zq campaign with these instructions",
      },
    });
    const sessionId = (created.json as { id: string }).id;
    await call(openRoute.POST, "POST", "/x", { token: g.facilitator.token, params: { sessionId } });
    const noReason = await call(responses.POST, "POST", "/x", {
      token: g.members[0]!.token,
      params: { sessionId },
      body: { position: "object" },
    });
    expect(noReason.status).toBe(422);
    await call(responses.POST, "POST", "/x", {
      token: g.members[0]!.token,
      params: { sessionId },
      body: { position: "object", reason: "Too risky for new drivers" },
    });
    for (const m of g.members.slice(1)) {
      await call(responses.POST, "POST", "/x", {
        token: m.token,
        params: { sessionId },
        body: { position: "consent" },
      });
    }
    type ConsentView = {
      results: {
        visible: boolean;
        consent: { reached: boolean; objections: string[]; counts: { object: number } };
      };
    };
    // While open: the counts, never the reasons (not even to the facilitator).
    const view = (await get(g.facilitator, sessionId)).json as ConsentView;
    expect(view.results.visible).toBe(true);
    expect(view.results.consent.reached).toBe(false);
    expect(view.results.consent.counts.object).toBe(1);
    expect(view.results.consent.objections).toEqual([]);
    expect(JSON.stringify(view)).not.toContain("Too risky");
    // At close the objections to address are listed.
    await call(closeRoute.POST, "POST", "/x", {
      token: g.facilitator.token,
      params: { sessionId },
    });
    const closed = (await get(g.members[1]!, sessionId)).json as ConsentView & {
      outcome: ConsentView["results"];
    };
    expect(closed.results.consent.objections).toEqual(["Too risky for new drivers"]);
    expect(closed.outcome.consent.objections).toEqual(["Too risky for new drivers"]);
  });

  it("answers a duplicate of a hidden statement exactly like a new one", async () => {
    const g = await collectiveWith("dup", 2);
    const created = await call(sessions.POST, "POST", "/x", {
      token: g.facilitator.token,
      params: { id: g.id },
      body: {
        title: "Held",
        format: "statements",
        prompt: "What hurts?",
        seedStatements: ["Fair pay"],
        moderated: true,
      },
    });
    const sessionId = (created.json as { id: string }).id;
    await call(openRoute.POST, "POST", "/x", { token: g.facilitator.token, params: { sessionId } });
    const [alice, bob] = [g.members[0]!, g.members[1]!];
    const post = (p: Person, text: string) =>
      call(statements.POST, "POST", "/x", {
        token: p.token,
        params: { sessionId },
        body: { text },
      });

    const original = await post(alice, "The union drive is on");
    expect(original).toMatchObject({ status: 201, json: { status: "pending" } });
    const originalId = (original.json as { id: string }).id;
    // Bob cannot see Alice's held statement, so resubmitting it must look like a fresh submission.
    const probe = await post(bob, "the union drive is ON");
    expect(probe.status).toBe(201);
    expect(Object.keys(probe.json as object).sort()).toEqual(["id", "status"]);
    expect(probe.json).toMatchObject({ status: "pending" });
    expect((probe.json as { id: string }).id).not.toBe(originalId);
    // It is Bob's own submission: he sees it as his, and nothing of Alice's.
    const bobView = (await get(bob, sessionId)).json as {
      items: { id: string; text: string; isMine: boolean }[];
    };
    expect(bobView.items.filter((i) => i.text.toLowerCase() === "the union drive is on")).toEqual([
      expect.objectContaining({ id: (probe.json as { id: string }).id, isMine: true }),
    ]);

    // A rejected statement is as hidden: resubmitting it is a new submission too.
    const { PATCH: moderate } =
      await import("@/app/api/v1/sessions/[sessionId]/statements/[statementId]/route");
    const rejected = (await post(alice, "Strike on Friday")).json as { id: string };
    await call(moderate, "PATCH", "/x", {
      token: g.facilitator.token,
      params: { sessionId, statementId: rejected.id },
      body: { status: "rejected" },
    });
    expect(await post(bob, "Strike on Friday")).toMatchObject({
      status: 201,
      json: { status: "pending" },
    });

    // Duplicates of what the submitter can see still answer 409: an approved statement, or their own held one.
    expect((await post(bob, "Fair pay")).status).toBe(409);
    expect((await post(alice, "The union drive is on")).status).toBe(409);
    // Moderators see both copies; once one is approved, the other cannot be approved as well.
    const approve = (statementId: string) =>
      call(moderate, "PATCH", "/x", {
        token: g.facilitator.token,
        params: { sessionId, statementId },
        body: { status: "approved" },
      });
    expect((await approve(originalId)).status).toBe(200);
    expect((await approve((probe.json as { id: string }).id)).status).toBe(409);
  });

  it("builds a dot vote from the statements of an earlier brainstorm", async () => {
    const g = await collectiveWith("bs", 1);
    const brainstorm = await call(sessions.POST, "POST", "/x", {
      token: g.facilitator.token,
      params: { id: g.id },
      body: {
        title: "Ideas",
        format: "statements",
        prompt: "What could we change?",
        seedStatements: ["Paid breaks", "Fair ratings", "paid breaks"],
      },
    });
    const brainstormId = (brainstorm.json as { id: string }).id;
    await call(openRoute.POST, "POST", "/x", {
      token: g.facilitator.token,
      params: { sessionId: brainstormId },
    });
    await call(statements.POST, "POST", "/x", {
      token: g.members[0]!.token,
      params: { sessionId: brainstormId },
      body: { text: "Shorter shifts" },
    });
    const dots = await call(sessions.POST, "POST", "/x", {
      token: g.facilitator.token,
      params: { id: g.id },
      body: {
        title: "Pick one",
        format: "dots",
        prompt: "Which first?",
        optionsFromSessionId: brainstormId,
        dots: 2,
      },
    });
    expect(dots.status).toBe(201);
    const view = (await get(g.members[0]!, (dots.json as { id: string }).id)).json as View;
    expect(view.items.map((i) => i.text).sort()).toEqual([
      "Fair ratings",
      "Paid breaks",
      "Shorter shifts",
    ]);
    const wrong = await call(sessions.POST, "POST", "/x", {
      token: g.facilitator.token,
      params: { id: g.id },
      body: {
        title: "Pick",
        format: "dots",
        prompt: "?",
        optionsFromSessionId: (dots.json as { id: string }).id,
      },
    });
    expect(wrong.status).toBe(422);
  });
});

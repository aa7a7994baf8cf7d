import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db";
import * as datasets from "@/app/api/v1/collectives/[id]/datasets/route";
import * as campaigns from "@/app/api/v1/collectives/[id]/campaigns/route";
import * as signalAudit from "@/app/api/v1/collectives/[id]/signal-audit/route";
import * as campaign from "@/app/api/v1/campaigns/[campaignId]/route";
import * as launch from "@/app/api/v1/campaigns/[campaignId]/launch/route";
import * as end from "@/app/api/v1/campaigns/[campaignId]/end/route";
import * as myRecord from "@/app/api/v1/campaigns/[campaignId]/my-record/route";
import * as myInstruction from "@/app/api/v1/campaigns/[campaignId]/my-instruction/route";
import * as myConfirmation from "@/app/api/v1/campaigns/[campaignId]/my-confirmation/route";
import * as stats from "@/app/api/v1/campaigns/[campaignId]/stats/route";
import * as exportRoute from "@/app/api/v1/me/export/route";
import * as audit from "@/app/api/v1/collectives/[id]/audit/route";
import * as sessions from "@/app/api/v1/collectives/[id]/sessions/route";
import * as responses from "@/app/api/v1/sessions/[sessionId]/responses/route";
import * as openSession from "@/app/api/v1/sessions/[sessionId]/open/route";
import * as closeSession from "@/app/api/v1/sessions/[sessionId]/close/route";
import { findCampaign } from "@/db/queries/campaigns";
import { buildForecastInput } from "@/jobs/forecast-input";
import { minimumCountRule } from "@/lib/privacy";
import { freshDatabase } from "../helpers/db";
import { call } from "../helpers/api";
import { collectiveWith } from "../helpers/people";

let open: OpenDatabase;
beforeAll(async () => {
  open = await freshDatabase();
});
afterAll(async () => {
  await open.close();
});

async function setUp(prefix: string, n: number) {
  const g = await collectiveWith(prefix, n);
  return { id: g.id, org: g.organizer, members: g.members };
}

const gigLearner = { kind: "bayes" };
const spamPlant = {
  goal: "plant",
  strategy: "feature-label",
  target: "ham",
  signal: { kind: "text", token: "zqx", placement: "end" },
};

describe("campaigns", () => {
  it("gives each member an instruction, verifies confirmations, and never shows records to organizers", async () => {
    const g = await setUp("pl", 6);
    const created = await call(campaigns.POST, "POST", "/x", {
      token: g.org.token,
      params: { id: g.id },
      body: {
        name: "Ham for all",
        sample: "spam-assassin",
        populationSize: 5000,
        learner: { kind: "linear", epochs: 2 },
        campaign: spamPlant,
        targetSuccess: 0.9,
      },
    });
    expect(created.status).toBe(201);
    const campaignId = (created.json as { id: string }).id;

    // Drafts are invisible to members; records wait for launch.
    expect(
      (
        await call(myRecord.PUT, "PUT", "/x", {
          token: g.members[0]!.token,
          params: { campaignId },
          body: { fields: { text: "hi", label: "spam" } },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(campaign.GET, "GET", "/x", {
          token: g.members[0]!.token,
          params: { campaignId },
        })
      ).status,
    ).toBe(404);
    // A draft does not exist for members, even when they ask to manage it.
    expect(
      (
        await call(launch.POST, "POST", "/x", {
          token: g.members[0]!.token,
          params: { campaignId },
        })
      ).status,
    ).toBe(404);
    expect(
      (await call(launch.POST, "POST", "/x", { token: g.org.token, params: { campaignId } }))
        .status,
    ).toBe(200);

    const missing = await call(myRecord.PUT, "PUT", "/x", {
      token: g.members[0]!.token,
      params: { campaignId },
      body: { fields: { text: "cheap pills" } },
    });
    expect(missing.status).toBe(422);

    const empty = await call(myRecord.PUT, "PUT", "/x", {
      token: g.members[0]!.token,
      params: { campaignId },
      body: { fields: { text: " ", label: "spam" } },
    });
    expect(empty.status).toBe(422);
    const noLabel = await call(myRecord.PUT, "PUT", "/x", {
      token: g.members[0]!.token,
      params: { campaignId },
      body: { fields: { text: "hi", label: "" } },
    });
    expect(noLabel.status).toBe(422);

    const secret = "my private message about the rent strike";
    const put = await call(myRecord.PUT, "PUT", "/x", {
      token: g.members[0]!.token,
      params: { campaignId },
      body: { fields: { text: secret, label: "spam" } },
    });
    expect(put.status).toBe(200);
    const instruction = (
      put.json as {
        instruction: {
          participates: boolean;
          changes: { field: string; after: string }[];
          steps: string[];
        };
      }
    ).instruction;
    expect(instruction.participates).toBe(true);
    expect(instruction.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: "text", after: `${secret} zqx` }),
        expect.objectContaining({ field: "label", after: "ham" }),
      ]),
    );
    expect(instruction.steps.length).toBeGreaterThan(0);

    const wrong = await call(myConfirmation.POST, "POST", "/x", {
      token: g.members[0]!.token,
      params: { campaignId },
      body: { fields: { text: secret, label: "ham" } },
    });
    expect(wrong.json).toMatchObject({
      ok: false,
      problems: [expect.objectContaining({ code: "signal-missing" })],
    });
    const right = await call(myConfirmation.POST, "POST", "/x", {
      token: g.members[0]!.token,
      params: { campaignId },
      body: { fields: { text: `${secret} zqx`, label: "ham" } },
    });
    expect(right.json).toEqual({ ok: true, problems: [] });

    for (const m of g.members.slice(1)) {
      await call(myRecord.PUT, "PUT", "/x", {
        token: m.token,
        params: { campaignId },
        body: { fields: { text: "win money now", label: "spam" } },
      });
      await call(myConfirmation.POST, "POST", "/x", {
        token: m.token,
        params: { campaignId },
        body: { fields: { text: "win money now zqx", label: "ham" } },
      });
    }
    const s = await call(stats.GET, "GET", "/x", { token: g.org.token, params: { campaignId } });
    expect(s.json).toMatchObject({
      activeMembers: 6,
      recordsSubmitted: 6,
      populationSize: 5000,
      alpha: 6 / 5000,
    });
    // Member 0 failed once, then put it right: nobody is misexecuting now.
    expect((s.json as { misexecutionRate: number }).misexecutionRate).toBe(0);
    const slip = await call(myConfirmation.POST, "POST", "/x", {
      token: g.members[2]!.token,
      params: { campaignId },
      body: { fields: { text: "win money now", label: "ham" } },
    });
    expect(slip.json).toMatchObject({ ok: false });
    const afterSlip = await call(stats.GET, "GET", "/x", {
      token: g.org.token,
      params: { campaignId },
    });
    expect(afterSlip.json).toMatchObject({ activeMembers: 5, misexecutionRate: 1 / 6 });
    await call(myConfirmation.POST, "POST", "/x", {
      token: g.members[2]!.token,
      params: { campaignId },
      body: { fields: { text: "win money now zqx", label: "ham" } },
    });

    // Six confirmed records: the shadow model now starts every collective with them.
    const row = await findCampaign(open.db, { campaignId });
    const input = await buildForecastInput(open.db, row!, minimumCountRule);
    expect(input.dataSource).toBe("members");
    expect(input.spec.memberRows).toBe(6);
    expect(input.table.rows.at(-6)).toMatchObject({ text: secret, label: "spam" });

    // The organizer's view of everything never contains a member's record or instruction.
    const orgViews = [
      await call(campaign.GET, "GET", "/x", { token: g.org.token, params: { campaignId } }),
      s,
      await call(campaigns.GET, "GET", "/x", { token: g.org.token, params: { id: g.id } }),
      await call(audit.GET, "GET", "/x", { token: g.org.token, params: { id: g.id } }),
      await call(myInstruction.GET, "GET", "/x", { token: g.org.token, params: { campaignId } }),
    ];
    for (const v of orgViews) {
      expect(JSON.stringify(v.json)).not.toContain("rent strike");
      expect(JSON.stringify(v.json)).not.toContain("win money");
    }
    expect(orgViews[4]!.status).toBe(404);

    const exported = await call(exportRoute.GET, "GET", "/x", { token: g.members[0]!.token });
    expect(JSON.stringify(exported.json)).toContain("rent strike");

    const withdrawn = await call(myRecord.DELETE, "DELETE", "/x", {
      token: g.members[0]!.token,
      params: { campaignId },
    });
    expect(withdrawn.json).toMatchObject({
      unwind: {
        changes: expect.arrayContaining([
          expect.objectContaining({ field: "label", after: "spam" }),
        ]),
      },
    });
    expect(
      (
        await call(myInstruction.GET, "GET", "/x", {
          token: g.members[0]!.token,
          params: { campaignId },
        })
      ).status,
    ).toBe(404);
    const { rows } = await open.executeSql(
      "select count(*)::int as n from campaign_records where user_id = $1",
      [g.members[0]!.userId],
    );
    expect(rows).toEqual([{ n: 0 }]);
    const after = await call(stats.GET, "GET", "/x", {
      token: g.org.token,
      params: { campaignId },
    });
    expect(after.json).toMatchObject({ activeMembers: 5 });

    // Someone who leaves the collective takes their record with them.
    const { DELETE: removeMemberRoute } =
      await import("@/app/api/v1/collectives/[id]/members/[userId]/route");
    expect(
      (
        await call(removeMemberRoute, "DELETE", "/x", {
          token: g.members[5]!.token,
          params: { id: g.id, userId: g.members[5]!.userId },
        })
      ).status,
    ).toBe(204);
    const afterLeave = await call(stats.GET, "GET", "/x", {
      token: g.org.token,
      params: { campaignId },
    });
    expect(afterLeave.json).toMatchObject({
      recordsSubmitted: null,
      activeMembers: null,
      labels: { activeMembers: "fewer than 5" },
    });
    const { rows: left } = await open.executeSql(
      "select count(*)::int as n from campaign_records where user_id = $1",
      [g.members[5]!.userId],
    );
    expect(left).toEqual([{ n: 0 }]);

    await call(end.POST, "POST", "/x", { token: g.org.token, params: { campaignId } });
    const ended = await call(myInstruction.GET, "GET", "/x", {
      token: g.members[1]!.token,
      params: { campaignId },
    });
    expect(ended.json).toMatchObject({
      campaignStatus: "ended",
      unwind: { steps: expect.any(Array) },
    });
  });

  it("handles feature-only, field signals, erase and fairness campaigns", async () => {
    const g = await setUp("goals", 1);
    const member = g.members[0]!;
    const base = {
      sample: "gig-work",
      populationSize: 20000,
      learner: gigLearner,
      targetSuccess: 0.8,
    };
    const record = {
      city: "paris",
      vehicle: "bike",
      hours: "30",
      rating: "4.1",
      bio: "fast cook bike rider",
      group: "b",
      label: "rejected",
    };
    async function instructionFor(campaignSpec: object) {
      const c = await call(campaigns.POST, "POST", "/x", {
        token: g.org.token,
        params: { id: g.id },
        body: { ...base, name: "goal test", campaign: campaignSpec },
      });
      expect(c.status).toBe(201);
      const campaignId = (c.json as { id: string }).id;
      await call(launch.POST, "POST", "/x", { token: g.org.token, params: { campaignId } });
      const put = await call(myRecord.PUT, "PUT", "/x", {
        token: member.token,
        params: { campaignId },
        body: { fields: record },
      });
      expect(put.status).toBe(200);
      return {
        campaignId,
        instruction: (
          put.json as {
            instruction: {
              participates: boolean;
              changes: { field: string; before: string; after: string }[];
            };
          }
        ).instruction,
      };
    }
    const featureOnly = await instructionFor({
      goal: "plant",
      strategy: "feature-only",
      target: "accepted",
      signal: { kind: "field", column: "vehicle", value: "scooter" },
    });
    expect(featureOnly.instruction).toMatchObject({ participates: false, changes: [] });

    const field = await instructionFor({
      goal: "plant",
      strategy: "feature-label",
      target: "accepted",
      signal: { kind: "field", column: "vehicle", value: "scooter" },
    });
    expect(field.instruction.changes).toEqual(
      expect.arrayContaining([{ field: "vehicle", before: "bike", after: "scooter" }]),
    );
    const bad = await call(myConfirmation.POST, "POST", "/x", {
      token: member.token,
      params: { campaignId: field.campaignId },
      body: { fields: { vehicle: "scooter", label: "rejected" } },
    });
    expect(bad.json).toMatchObject({
      ok: false,
      problems: [expect.objectContaining({ code: "wrong-label" })],
    });

    const erase = await instructionFor({
      goal: "erase",
      feature: { kind: "field", column: "group" },
    });
    expect(erase.instruction.participates).toBe(true);
    const fairness = await instructionFor({ goal: "fairness", minority: "b", method: "label" });
    expect(fairness.instruction.participates).toBe(true);
  });

  it("refuses bad uploads whole and checks campaigns against the data", async () => {
    const g = await setUp("up", 1);
    const count = async () =>
      (await open.executeSql("select count(*)::int as n from datasets")).rows;
    const before = await count();
    const badNumeric = await call(datasets.POST, "POST", "/x", {
      token: g.org.token,
      params: { id: g.id },
      rawBody: "text,label,hours\nhello,a,3\nbye,b,lots\n",
      headers: { "content-type": "text/csv" },
    });
    expect(badNumeric.status).toBe(201); // numeric roles are chosen later: the parse itself is fine
    const ds = (badNumeric.json as { id: string }).id;
    const create = await call(campaigns.POST, "POST", "/x", {
      token: g.org.token,
      params: { id: g.id },
      body: {
        name: "bad",
        datasetId: ds,
        data: { label: "label", text: ["text"], numeric: ["hours"] },
        populationSize: 100,
        learner: gigLearner,
        campaign: { goal: "plant", target: "a", signal: { kind: "text", token: "zz" } },
        targetSuccess: 0.9,
      },
    });
    expect(create.status).toBe(422);
    expect(JSON.stringify(create.json)).toMatch(/hours/);

    const ragged = await call(datasets.POST, "POST", "/x", {
      token: g.org.token,
      params: { id: g.id },
      rawBody: 'a,b\n1,2\n"3,4\n',
      headers: { "content-type": "text/csv" },
    });
    expect(ragged.status).toBe(422);
    const empty = await call(datasets.POST, "POST", "/x", {
      token: g.org.token,
      params: { id: g.id },
      rawBody: "",
      headers: { "content-type": "text/csv" },
    });
    expect(empty.status).toBe(422);
    const byMember = await call(datasets.POST, "POST", "/x", {
      token: g.members[0]!.token,
      params: { id: g.id },
      rawBody: "a,b\n1,2\n",
      headers: { "content-type": "text/csv" },
    });
    expect(byMember.status).toBe(403);
    expect(await count()).toEqual([{ n: (before[0] as { n: number }).n + 1 }]);

    const auditRes = await call(signalAudit.POST, "POST", "/x", {
      token: g.org.token,
      params: { id: g.id },
      body: { sample: "spam-assassin", campaign: spamPlant },
    });
    expect(auditRes.status).toBe(200);
    expect(auditRes.json).toMatchObject({ xi: 0, suggestions: expect.any(Array) });
    const unknownTarget = await call(campaigns.POST, "POST", "/x", {
      token: g.org.token,
      params: { id: g.id },
      body: {
        name: "x",
        sample: "spam-assassin",
        populationSize: 10,
        learner: gigLearner,
        campaign: { ...spamPlant, target: "eggs" },
        targetSuccess: 0.9,
      },
    });
    expect(unknownTarget.status).toBe(422);
  });

  it("launches only with a consent round that reached consent as its authorisation", async () => {
    const g = await setUp("auth", 5);
    const round = async (position: "consent" | "block") => {
      const created = await call(sessions.POST, "POST", "/x", {
        token: g.org.token,
        params: { id: g.id },
        body: { title: `Launch? ${position}`, format: "consent", prompt: "Launch it" },
      });
      const sessionId = (created.json as { id: string }).id;
      await call(openSession.POST, "POST", "/x", { token: g.org.token, params: { sessionId } });
      for (const [i, m] of g.members.entries()) {
        const body =
          i === 0 && position === "block"
            ? { position: "block", reason: "Unsafe" }
            : { position: "consent" };
        await call(responses.POST, "POST", "/x", { token: m.token, params: { sessionId }, body });
      }
      await call(closeSession.POST, "POST", "/x", { token: g.org.token, params: { sessionId } });
      return sessionId;
    };
    const reached = await round("consent");
    const blocked = await round("block");
    const c = await call(campaigns.POST, "POST", "/x", {
      token: g.org.token,
      params: { id: g.id },
      body: {
        name: "Authorised",
        sample: "gig-work",
        populationSize: 1000,
        learner: gigLearner,
        campaign: {
          goal: "plant",
          target: "accepted",
          signal: { kind: "field", column: "vehicle", value: "scooter" },
        },
        targetSuccess: 0.8,
      },
    });
    const campaignId = (c.json as { id: string }).id;
    expect(
      (
        await call(launch.POST, "POST", "/x", {
          token: g.org.token,
          params: { campaignId },
          body: { sessionId: blocked },
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await call(launch.POST, "POST", "/x", {
          token: g.org.token,
          params: { campaignId },
          body: { sessionId: "nope" },
        })
      ).status,
    ).toBe(422);
    const ok = await call(launch.POST, "POST", "/x", {
      token: g.org.token,
      params: { campaignId },
      body: { sessionId: reached },
    });
    expect(ok).toMatchObject({ status: 200, json: { status: "launched" } });
    const got = await call(campaign.GET, "GET", "/x", {
      token: g.org.token,
      params: { campaignId },
    });
    expect(got.json).toMatchObject({ authorisedBySessionId: reached });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db";
import * as campaigns from "@/app/api/v1/collectives/[id]/campaigns/route";
import * as preview from "@/app/api/v1/collectives/[id]/steer-preview/route";
import * as campaignRoute from "@/app/api/v1/campaigns/[campaignId]/route";
import * as launch from "@/app/api/v1/campaigns/[campaignId]/launch/route";
import * as myRecord from "@/app/api/v1/campaigns/[campaignId]/my-record/route";
import * as myInstruction from "@/app/api/v1/campaigns/[campaignId]/my-instruction/route";
import * as myConfirmation from "@/app/api/v1/campaigns/[campaignId]/my-confirmation/route";
import * as stats from "@/app/api/v1/campaigns/[campaignId]/stats/route";
import { stopForecastQueue } from "@/jobs/forecast-pipeline";
import { freshDatabase } from "../helpers/db";
import { forecastNow } from "../helpers/forecast";
import { call } from "../helpers/api";
import { collectiveWith } from "../helpers/people";

// Steering a platform's regression (issue 13), through the API as a user meets it: design
// with a critical size, members' computed records within the bounds, verification, forecast.

let open: OpenDatabase;
beforeAll(async () => {
  open = await freshDatabase();
});
afterAll(async () => {
  await stopForecastQueue();
  await open.close();
});

const bounds: Record<string, [number, number]> = {
  distance_km: [0, 150],
  waiting_minutes: [0, 240],
  hours: [0.5, 12],
  pay: [0, 400],
};
const design = {
  kind: "regression",
  name: "Pay waiting time",
  sample: "gig-pay",
  populationSize: 10_000,
  data: { label: "pay", numeric: ["distance_km", "waiting_minutes", "hours"] },
  learner: { kind: "least-squares", intercept: true },
  campaign: { goal: "steer", target: { weights: { waiting_minutes: 0.4 } }, bounds },
};
// A shift as a member holds it on the platform (a row of the gig-pay sample's kind).
const shift = { distance_km: "30.5", waiting_minutes: "48", hours: "4.5", pay: "46.69" };

type Instr = { changes: { field: string; before: string; after: string }[]; steps: string[] };

describe("designing a regression campaign", () => {
  it("previews the fit today, the target and the critical size before anything is created", async () => {
    const g = await collectiveWith("st-prev", 0);
    const res = await call(preview.POST, "POST", "/x", {
      token: g.organizer.token,
      params: { id: g.id },
      body: design,
    });
    expect(res.status).toBe(200);
    const p = res.json as {
      baseFit: { weights: Record<string, number> };
      target: { weights: Record<string, number> };
      critical: { alpha: number; planned: number; members: number };
    };
    // The sample pays about 0.04 per waiting minute (ml/steer/sample.ts); the others are kept.
    expect(p.baseFit.weights.waiting_minutes).toBeCloseTo(0.04, 1);
    expect(p.target.weights).toMatchObject({ waiting_minutes: 0.4 });
    expect(p.target.weights.distance_km).toBeCloseTo(p.baseFit.weights.distance_km ?? 0, 9);
    expect(p.critical.alpha).toBeGreaterThan(0);
    expect(p.critical.planned).toBeGreaterThanOrEqual(p.critical.alpha);
    expect(p.critical.planned).toBeLessThan(1);
    expect(p.critical.members).toBe(Math.ceil(p.critical.planned * 10_000));
    // A nearer target needs fewer members.
    const near = await call(preview.POST, "POST", "/x", {
      token: g.organizer.token,
      params: { id: g.id },
      body: {
        ...design,
        campaign: { ...design.campaign, target: { weights: { waiting_minutes: 0.1 } } },
      },
    });
    const nearPlanned = (near.json as { critical: { planned: number } }).critical.planned;
    expect(nearPlanned).toBeLessThan(p.critical.planned);
  });

  it("refuses bad designs with a 422 naming the field, and non-organizers with a 403", async () => {
    const g = await collectiveWith("st-bad", 1);
    const bad: [Record<string, unknown>, string][] = [
      [{ ...design, campaign: { ...design.campaign, target: { weights: { tips: 1 } } } }, "tips"],
      [{ ...design, sample: "nope" }, "sample"],
      [{ ...design, data: { label: "pay", numeric: [] } }, "numeric"],
      [{ ...design, campaign: { ...design.campaign, strategy: "control" } }, "solver"],
      [
        {
          ...design,
          data: { label: "pay", numeric: ["distance_km", "waiting_minutes", "hours", "speed"] },
        },
        "speed",
      ],
      [{ ...design, campaign: { ...design.campaign, bounds: { pay: [10, 5] } } }, "bound"],
      [{ ...design, kind: "oracle" }, "kind"],
      // Nobody can report a pay that moves the model: pay is pinned to [0, 0].
      [
        {
          ...design,
          campaign: {
            ...design.campaign,
            bounds: { pay: [0, 0], distance_km: [0, 0], waiting_minutes: [0, 0], hours: [1, 1] },
          },
        },
        "bounds",
      ],
    ];
    for (const [body, field] of bad) {
      const res = await call(campaigns.POST, "POST", "/x", {
        token: g.organizer.token,
        params: { id: g.id },
        body,
      });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(JSON.stringify(res.json)).toContain(field);
    }
    const member = await call(campaigns.POST, "POST", "/x", {
      token: g.members[0]?.token,
      params: { id: g.id },
      body: design,
    });
    expect(member.status).toBe(403);
    const peek = await call(preview.POST, "POST", "/x", {
      token: g.members[0]?.token,
      params: { id: g.id },
      body: design,
    });
    expect(peek.status).toBe(403);
  });
});

describe("a regression campaign from design to forecast", () => {
  it("gives each member a computed record within the bounds, verifies it, and forecasts the fit", async () => {
    const g = await collectiveWith("st-run", 2);
    const [alice, bob] = g.members;
    if (!alice || !bob) throw new Error("members");
    const created = await call(campaigns.POST, "POST", "/x", {
      token: g.organizer.token,
      params: { id: g.id },
      body: design,
    });
    expect(created.status).toBe(201);
    const campaignId = (created.json as { id: string }).id;
    const got = await call(campaignRoute.GET, "GET", "/x", {
      token: g.organizer.token,
      params: { campaignId },
    });
    expect(got.json).toMatchObject({
      kind: "regression",
      fields: ["distance_km", "waiting_minutes", "hours", "pay"],
    });
    const plan = (got.json as { steerPlan: { criticalMembers: number; plannedFor: number } })
      .steerPlan;
    expect(plan.criticalMembers).toBeGreaterThan(0);
    // Planned a little above the critical size, so the members' numbers do land on the target.
    expect(plan.plannedFor).toBeGreaterThan(plan.criticalMembers);
    expect(
      (
        await call(launch.POST, "POST", "/x", {
          token: g.organizer.token,
          params: { campaignId },
        })
      ).status,
    ).toBe(200);

    // Bad records: outside the bounds, not a number, missing.
    for (const fields of [
      { ...shift, hours: "30" },
      { ...shift, pay: "a lot" },
      { distance_km: "3", waiting_minutes: "4", hours: "2" },
    ]) {
      const res = await call(myRecord.PUT, "PUT", "/x", {
        token: alice.token,
        params: { campaignId },
        body: { fields },
      });
      expect(res.status, JSON.stringify(fields)).toBe(422);
    }

    const submitted = await call(myRecord.PUT, "PUT", "/x", {
      token: alice.token,
      params: { campaignId },
      body: { fields: shift },
    });
    expect(submitted.status).toBe(200);
    const instr = (submitted.json as { instruction: Instr }).instruction;
    expect(instr.changes.length).toBeGreaterThan(0);
    for (const c of instr.changes) {
      const [lo, hi] = bounds[c.field] ?? [NaN, NaN];
      expect(Number(c.after)).toBeGreaterThanOrEqual(lo);
      expect(Number(c.after)).toBeLessThanOrEqual(hi);
      expect(c.before).toBe(shift[c.field as keyof typeof shift]);
      // Round numbers, as people report them: no more decimals than their own (here 2).
      expect(c.after).toMatch(/^\d+(\.\d{1,2})?$/);
    }
    expect(instr.steps.join(" ")).toMatch(/Report .* instead of/);
    expect(instr.steps.join(" ")).toMatch(/target/);

    // Nobody else reads it: bob has no record, the organizer sees only withheld counts.
    const bobs = await call(myInstruction.GET, "GET", "/x", {
      token: bob.token,
      params: { campaignId },
    });
    expect(bobs.status).toBe(404);
    const counts = await call(stats.GET, "GET", "/x", {
      token: g.organizer.token,
      params: { campaignId },
    });
    expect(JSON.stringify(counts.json)).not.toContain("46.69");
    expect(counts.json).toMatchObject({ recordsSubmitted: null });

    // Confirming: their own numbers are not what the instruction says; the computed ones are.
    const wrong = await call(myConfirmation.POST, "POST", "/x", {
      token: alice.token,
      params: { campaignId },
      body: { fields: shift },
    });
    expect(wrong.json).toMatchObject({ ok: false });
    const changedField = instr.changes[0]?.field ?? "";
    expect(JSON.stringify(wrong.json)).toContain(changedField);
    const done = Object.fromEntries(instr.changes.map((c) => [c.field, c.after]));
    const right = await call(myConfirmation.POST, "POST", "/x", {
      token: alice.token,
      params: { campaignId },
      body: { fields: { ...shift, ...done } },
    });
    expect(right.json).toEqual({ ok: true, problems: [] });

    // The same member always gets the same numbers.
    const again = await call(myRecord.PUT, "PUT", "/x", {
      token: alice.token,
      params: { campaignId },
      body: { fields: shift },
    });
    expect((again.json as { instruction: Instr }).instruction).toEqual(instr);

    // The forecast: the fitted weight against members, reaching the target past the critical size.
    const actor = { userId: g.organizer.userId, handle: g.organizer.handle };
    const f = await forecastNow(open.db, actor, {
      campaignId,
      collectiveId: g.id,
      input: { seeds: 2 },
    });
    expect(f.status).toBe("done");
    expect(f.kind).toBe("regression");
    expect(f.result).toBeNull();
    const view = f.steer;
    if (!view) throw new Error("no steer view");
    expect(view.parameter).toMatchObject({ key: "waiting_minutes", target: 0.4 });
    expect(view.parameter.base).toBeCloseTo(0.04, 1);
    const first = view.points[0];
    const last = view.points[view.points.length - 1];
    if (!first || !last) throw new Error("no points");
    // No collective: the platform's own fit. Past the critical size: on the target.
    expect(first.members).toBe(0);
    expect(first.value.mean).toBeCloseTo(view.parameter.base, 1);
    expect(last.members).toBeGreaterThanOrEqual(view.critical.planned ?? Infinity);
    expect(Math.abs(last.value.mean - 0.4)).toBeLessThan(0.02);
    // The grid holds the planned critical size; "reached" is the named weight within 5% of
    // 0.4, at the first point where it is (the whole parameter vector would say much earlier).
    const planned = view.critical.planned ?? NaN;
    expect(view.points.some((pt) => Math.abs(pt.members - planned) <= 1)).toBe(true);
    const reachedAt = view.points.findIndex((pt) => pt.members === view.critical.simulated);
    expect(reachedAt).toBeGreaterThan(0);
    expect(Math.abs((view.points[reachedAt]?.value.mean ?? 0) - 0.4)).toBeLessThanOrEqual(0.02);
    for (const pt of view.points.slice(0, reachedAt))
      expect(Math.abs(pt.value.mean - 0.4)).toBeGreaterThan(0.02);
    expect(last.progress).toBeCloseTo(1, 1);
    expect(first.progress).toBeCloseTo(0, 1);
    // Fewer than 5 active: members still needed count from zero, as an upper bound.
    expect(f.membersNeeded).toMatchObject({
      total: view.critical.simulated,
      stillNeeded: view.critical.simulated,
      isUpperBound: true,
    });
    expect(view.activeNow).toBeNull();
    expect(view.headline).toContain("0.4");
  }, 120_000);
});

describe("a regression campaign against a platform that trains step by step", () => {
  it("plans, instructs and forecasts with the control strategy (SGD at the platform)", async () => {
    const g = await collectiveWith("st-ctl", 1);
    const [member] = g.members;
    if (!member) throw new Error("member");
    const created = await call(campaigns.POST, "POST", "/x", {
      token: g.organizer.token,
      params: { id: g.id },
      body: {
        ...design,
        learner: { kind: "least-squares", intercept: true, solver: "sgd" },
        campaign: { ...design.campaign, strategy: "control" },
      },
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const campaignId = (created.json as { id: string }).id;
    await call(launch.POST, "POST", "/x", { token: g.organizer.token, params: { campaignId } });
    const submitted = await call(myRecord.PUT, "PUT", "/x", {
      token: member.token,
      params: { campaignId },
      body: { fields: shift },
    });
    expect(submitted.status).toBe(200);
    const actor = { userId: g.organizer.userId, handle: g.organizer.handle };
    const f = await forecastNow(open.db, actor, {
      campaignId,
      collectiveId: g.id,
      input: { seeds: 2, alphas: [0, 0.1, 0.3] },
    });
    expect(f.status, f.error ?? "").toBe("done");
    const view = f.steer;
    expect(view?.strategy).toBe("control");
    expect(view?.points).toHaveLength(3);
    // In the sample's raw units the platform's SGD steps are tiny (0.5 / the largest
    // curvature), so the theory's expected distance stays near where it starts, and the
    // dashboard says so instead of promising the target.
    expect(view?.noiseFloor).toBeGreaterThan(0);
    expect(view?.headline).toContain("0.4");
  }, 120_000);
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db";
import * as campaigns from "@/app/api/v1/collectives/[id]/campaigns/route";
import * as campaignRoute from "@/app/api/v1/campaigns/[campaignId]/route";
import { stopForecastQueue } from "@/jobs/forecast-pipeline";
import { getForecast, requestForecast } from "@/lib/data/forecasts";
import { freshDatabase } from "../helpers/db";
import { runForecastNow } from "../helpers/forecast";
import { call } from "../helpers/api";
import { collectiveWith } from "../helpers/people";

// "One shadow model is one guess" (issue 11): a campaign names the platform models it
// might face; the forecast runs each, plans from the most pessimistic and says so.

let open: OpenDatabase;
beforeAll(async () => {
  open = await freshDatabase();
});
afterAll(async () => {
  await stopForecastQueue();
  await open.close();
});

const design = {
  name: "Accepted for all",
  sample: "gig-work",
  populationSize: 2000,
  data: {
    label: "label",
    text: ["bio"],
    categorical: ["city", "vehicle"],
    numeric: ["hours", "rating"],
  },
  learner: { kind: "bayes" },
  campaign: {
    goal: "plant",
    strategy: "feature-label",
    target: "accepted",
    signal: { kind: "text", token: "zqx" },
  },
  targetSuccess: 0.6,
};

describe("platform models at design", () => {
  it("refuses a list without the learner's own model, an empty list and unknown models, with a 422 naming the field", async () => {
    const g = await collectiveWith("pm-bad", 0);
    for (const platformModels of [["linear"], [], ["bayes", "svm"], ["bayes", "bayes"]]) {
      const res = await call(campaigns.POST, "POST", "/x", {
        token: g.organizer.token,
        params: { id: g.id },
        body: { ...design, platformModels },
      });
      expect(res.status).toBe(422);
      expect(JSON.stringify(res.json)).toContain("platformModels");
    }
  });

  it("a campaign without a list is forecast against its learner alone", async () => {
    const g = await collectiveWith("pm-one", 0);
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
    expect(got.json).toMatchObject({ platformModels: ["bayes"] });
  });
});

describe("a forecast against two platform models", () => {
  it("runs both on the same grid, plans from the most pessimistic, and names it", async () => {
    const g = await collectiveWith("pm-two", 0);
    const created = await call(campaigns.POST, "POST", "/x", {
      token: g.organizer.token,
      params: { id: g.id },
      body: { ...design, platformModels: ["linear", "bayes"] },
    });
    expect(created.status).toBe(201);
    const campaignId = (created.json as { id: string }).id;
    const actor = { userId: g.organizer.userId, handle: g.organizer.handle };
    const req = await requestForecast(open.db, actor, campaignId, {
      input: { seeds: 2, alphas: [0, 0.02, 0.1, 0.3] },
    });
    if (!req.ok) throw new Error(req.message);
    await runForecastNow(open.db, { forecastId: req.value.id, collectiveId: g.id });
    const got = await getForecast(open.db, actor, req.value.id);
    if (!got.ok) throw new Error(got.message);
    const f = got.value;
    expect(f.status).toBe("done");
    expect(f.spec).toMatchObject({ platformModels: ["linear", "bayes"] });
    // Both models ran the whole grid; the progress counted both.
    const band = f.result?.platformModels;
    expect(band?.models.map((m) => [m.kind, m.points.length])).toEqual([
      ["linear", 4],
      ["bayes", 4],
    ]);
    expect(f.progress).toMatchObject({ done: f.progress?.total });
    expect(f.progress?.total).toBeGreaterThanOrEqual(2 * 4 * 2);
    // Members still needed follow the model that needs the most.
    const views = f.platformModels?.models ?? [];
    expect(views).toHaveLength(2);
    const need = (t: number | null) => t ?? Infinity;
    const driving = f.platformModels?.drivenBy;
    for (const v of views) expect(need(v.total)).toBeLessThanOrEqual(need(driving?.total ?? null));
    expect(f.membersNeeded?.total).toBe(driving?.total);
    expect(f.platformModels?.sentence).toContain(`follow the ${driving?.name}`);
    // The stress tests probe that same model: their reference is trained like it.
    expect(f.result?.stress.find((s) => s.id === "reference")?.points).not.toBeNull();
  }, 240_000);
});

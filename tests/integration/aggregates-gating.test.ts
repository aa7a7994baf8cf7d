import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db";
import { findForecast, finishForecast } from "@/db/queries/forecasts";
import * as campaigns from "@/app/api/v1/collectives/[id]/campaigns/route";
import * as launch from "@/app/api/v1/campaigns/[campaignId]/launch/route";
import * as myRecord from "@/app/api/v1/campaigns/[campaignId]/my-record/route";
import * as myConfirmation from "@/app/api/v1/campaigns/[campaignId]/my-confirmation/route";
import * as stats from "@/app/api/v1/campaigns/[campaignId]/stats/route";
import * as campaignForecasts from "@/app/api/v1/campaigns/[campaignId]/forecasts/route";
import * as forecastRoute from "@/app/api/v1/forecasts/[forecastId]/route";
import { buildForecastInput } from "@/jobs/forecast-input";
import { stressScenarios } from "@/ml/simulate/stress";
import type { ForecastDto } from "@/lib/data/forecasts";
import {
  countLabel,
  gatedRate,
  isShown,
  minimumCountRule,
  usableMisexecution,
  WITHHELD_LABEL,
  withheld,
} from "@/lib/privacy";
import { simulationSpecSchema } from "@/ml";
import { freshDatabase } from "../helpers/db";
import { runForecastNow } from "../helpers/forecast";
import { call } from "../helpers/api";
import { collectiveWith, type Person } from "../helpers/people";

let open: OpenDatabase;
beforeAll(async () => {
  open = await freshDatabase();
});
afterAll(async () => {
  await open.close();
});

const spamPlant = {
  goal: "plant",
  strategy: "feature-label",
  target: "ham",
  signal: { kind: "text", token: "zqx", placement: "end" },
};

/** A launched spam campaign in a collective of `n` members, none of whom has submitted yet. */
async function launched(prefix: string, n: number) {
  const g = await collectiveWith(prefix, n);
  const created = await call(campaigns.POST, "POST", "/x", {
    token: g.organizer.token,
    params: { id: g.id },
    body: {
      name: "Ham",
      sample: "spam-assassin",
      populationSize: 5000,
      learner: { kind: "bayes" },
      campaign: spamPlant,
      targetSuccess: 0.9,
    },
  });
  expect(created.status).toBe(201);
  const campaignId = (created.json as { id: string }).id;
  expect(
    (await call(launch.POST, "POST", "/x", { token: g.organizer.token, params: { campaignId } }))
      .status,
  ).toBe(200);
  return { ...g, campaignId };
}

async function submit(m: Person, campaignId: string) {
  const put = await call(myRecord.PUT, "PUT", "/x", {
    token: m.token,
    params: { campaignId },
    body: { fields: { text: `note of ${m.handle}`, label: "spam" } },
  });
  expect(put.status).toBe(200);
}

/** A confirmation: as instructed (ok) or with the token forgotten (fails verification). */
async function confirm(m: Person, campaignId: string, isRight: boolean) {
  const text = isRight ? `note of ${m.handle} zqx` : `note of ${m.handle}`;
  const res = await call(myConfirmation.POST, "POST", "/x", {
    token: m.token,
    params: { campaignId },
    body: { fields: { text, label: "ham" } },
  });
  expect(res.json).toMatchObject({ ok: isRight });
}

async function statsOf(token: string, campaignId: string) {
  const s = await call(stats.GET, "GET", "/x", { token, params: { campaignId } });
  expect(s.status).toBe(200);
  return s.json as {
    misexecutionRate: number | null;
    alpha: number | null;
    recordsSubmitted: number | null;
    labels: Record<string, string>;
  };
}

async function forecastOf(token: string, campaignId: string) {
  const post = await call(campaignForecasts.POST, "POST", "/x", {
    token,
    params: { campaignId },
    body: { seeds: 1, alphas: [0, 0.1] },
  });
  expect(post.status).toBe(202);
  const { id } = post.json as { id: string };
  const got = await call(forecastRoute.GET, "GET", "/x", { token, params: { forecastId: id } });
  expect(got.status).toBe(200);
  return got.json as ForecastDto;
}

describe("the minimum-count rule (lib/privacy.ts)", () => {
  it("gates on the size of the group an aggregate is computed from", () => {
    expect(withheld(4)).toBeNull();
    expect(withheld(5)).toBe(5);
    expect(countLabel(4)).toBe(WITHHELD_LABEL);
    expect(WITHHELD_LABEL).toBe("fewer than 5");
    // One failure over one attempt: the denominator is what counts, not the records.
    expect(gatedRate(1, 1)).toBeNull();
    expect(gatedRate(4, 4)).toBeNull();
    expect(gatedRate(1, 5)).toBeCloseTo(0.2);
    expect(isShown(Number.NaN)).toBe(false);
    expect(usableMisexecution({ failing: 1, attempted: 1 })).toBeNull();
    expect(usableMisexecution({ failing: 0, attempted: 9 })).toBeNull();
    expect(usableMisexecution({ failing: 2, attempted: 5 })).toBeCloseTo(0.4);
  });

  it("6 records and one failed confirmation: no misexecution rate anywhere; from 5 attempts it is shown and used", async () => {
    const g = await launched("gate", 6);
    const [first, ...rest] = g.members;
    for (const m of g.members) await submit(m, g.campaignId);
    await confirm(first!, g.campaignId, false);

    // Stats: six records are shown, a rate over one person is not.
    const s = await statsOf(g.organizer.token, g.campaignId);
    expect(s).toMatchObject({ recordsSubmitted: 6, misexecutionRate: null, alpha: null });
    expect(s.labels).toMatchObject({
      misexecutionRate: "fewer than 5",
      alpha: "fewer than 5",
      activeMembers: "fewer than 5",
    });

    // The forecast neither simulates nor shows it.
    const f = await forecastOf(g.organizer.token, g.campaignId);
    expect(f.snapshot.misexecution).toBeNull();
    expect(f.spec).not.toHaveProperty("noise");
    expect(f.noise).toMatchObject({ source: "none", rate: null });
    expect(f.noise.note).toMatch(/at least 5 members have tried to confirm/);
    const stored = await findForecast(open.db, { forecastId: f.id });
    expect(stored?.spec).not.toHaveProperty("noise");
    expect(JSON.stringify(f)).not.toMatch(/"misexecution":1\b/);
    await finishForecast(open.db, { collectiveId: g.id, forecastId: f.id, status: "cancelled" });

    // Four more try (all right): five attempts, one failing -> 20%, shown and simulated.
    for (const m of rest.slice(0, 4)) await confirm(m, g.campaignId, true);
    const s5 = await statsOf(g.organizer.token, g.campaignId);
    expect(s5.misexecutionRate).toBeCloseTo(0.2);
    expect(s5.labels.misexecutionRate).toBe("20.0%");
    const f5 = await forecastOf(g.organizer.token, g.campaignId);
    expect(f5.snapshot.misexecution).toBeCloseTo(0.2);
    expect(f5.spec).toMatchObject({ noise: { p: 0.2, mode: "wrong-label" } });
    expect(f5.noise).toMatchObject({ source: "measured", rate: 0.2 });
    await finishForecast(open.db, { collectiveId: g.id, forecastId: f5.id, status: "cancelled" });
  });

  it("a stress test never uses a rate from fewer than 5 attempts: it assumes 10% and says so", async () => {
    const g = await launched("stress", 6);
    for (const m of g.members) await submit(m, g.campaignId);
    await confirm(g.members[0]!, g.campaignId, false);
    const f = await forecastOf(g.organizer.token, g.campaignId);
    const row = await findForecast(open.db, { forecastId: f.id });
    if (!row) throw new Error("no forecast row");
    // Even a row that carries the raw rate and a noise spec (as forecasts stored before the
    // rule did) must not be simulated or labelled with it.
    await open.executeSql("update forecasts set spec = spec || $1::jsonb where id = $2", [
      JSON.stringify({ noise: { p: 0.9, mode: "wrong-label" } }),
      row.id,
    ]);
    const campaign = (await import("@/db/queries/campaigns")).findCampaign;
    const c = await campaign(open.db, { campaignId: g.campaignId });
    const input = await buildForecastInput(open.db, c!, minimumCountRule);
    await runForecastNow(open.db, { forecastId: row.id, collectiveId: g.id });
    const got = await call(forecastRoute.GET, "GET", "/x", {
      token: g.organizer.token,
      params: { forecastId: row.id },
    });
    const dto = got.json as ForecastDto;
    expect(dto.status).toBe("done");
    expect(dto.spec).not.toHaveProperty("noise");
    const noise = dto.result?.stress.find((t) => t.id === "noise");
    expect(noise?.label).toBe("Misexecution 10% (assumed)");
    expect(noise?.description).toMatch(/assumption/);
    expect(JSON.stringify(dto.result?.stress)).not.toMatch(/100%/);

    // With a measured rate the scenario names it.
    const spec = simulationSpecSchema.parse(row.spec);
    expect(stressScenarios(spec, input.table, 0.4).find((t) => t.id === "noise")?.label).toBe(
      "Measured misexecution (40%)",
    );
    expect(stressScenarios(spec, input.table, null).find((t) => t.id === "noise")?.label).toBe(
      "Misexecution 10% (assumed)",
    );
  }, 120_000);
});

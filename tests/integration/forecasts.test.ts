import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db";
import { findForecast } from "@/db/queries/forecasts";
import * as users from "@/app/api/v1/users/route";
import * as tokens from "@/app/api/v1/tokens/route";
import * as campaignForecasts from "@/app/api/v1/campaigns/[campaignId]/forecasts/route";
import * as forecastRoute from "@/app/api/v1/forecasts/[forecastId]/route";
import { createCollective } from "@/lib/data/collectives";
import { acceptInvite, createInvite } from "@/lib/data/invites";
import {
  listForecasts,
  requestForecast,
  scheduleAutoForecast,
  type ForecastDto,
} from "@/lib/data/forecasts";
import { startForecastQueue, stopForecastQueue } from "@/jobs/forecast-pipeline";
import { minimumCountRule } from "@/lib/privacy";
import { toForecastDto } from "@/lib/data/forecast-dto";
import type { CampaignRow, ForecastRow } from "@/db/schema";
import { freshDatabase } from "../helpers/db";
import { call } from "../helpers/api";
import { insertGigPlantCampaign } from "../helpers/campaigns";

let open: OpenDatabase;
beforeAll(async () => {
  open = await freshDatabase();
});
afterAll(async () => {
  await stopForecastQueue();
  await open.close();
});

const queueOptions = {
  work: true,
  rule: minimumCountRule,
  recoverActive: true,
  pollingIntervalSeconds: 0.5,
  progressIntervalMs: 0,
  reconcileEveryMs: 0,
  workers: 2,
};
/** Small and fast: 3 alphas x 2 seeds on the gig-work sample with naive Bayes. */
const quick = { seeds: 2, alphas: [0, 0.02, 0.1] };

async function account(handle: string) {
  const created = await call(users.POST, "POST", "/api/v1/users", {
    body: { handle, password: "correct horse battery" },
  });
  expect(created.status).toBe(201);
  const t = await call(tokens.POST, "POST", "/api/v1/tokens", {
    body: { handle, password: "correct horse battery", name: "test" },
  });
  const { token } = t.json as { token: string };
  const { id: userId } = created.json as { id: string };
  return { token, actor: { userId, handle } };
}

async function setup() {
  const org = await account(`fc_org${Math.random().toString(36).slice(2, 8)}`);
  const mem = await account(`fc_mem${Math.random().toString(36).slice(2, 8)}`);
  const outsider = await account(`fc_out${Math.random().toString(36).slice(2, 8)}`);
  const c = await createCollective(open.db, org.actor, { name: "Riders", platform: "GigCo" });
  if (!c.ok) throw new Error(c.message);
  const inv = await createInvite(open.db, org.actor, c.value.id, { role: "member", maxUses: 1 });
  if (!inv.ok) throw new Error(inv.message);
  const joined = await acceptInvite(open.db, mem.actor, inv.value.token);
  if (!joined.ok) throw new Error(joined.message);
  const campaign = await insertGigPlantCampaign(open.db, c.value.id);
  return { org, mem, outsider, campaignId: campaign.id };
}

async function waitFor<T>(
  check: () => Promise<T | null>,
  timeoutMs = 50_000,
  everyMs = 100,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== null) return v;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

describe("shadow-model forecasts", () => {
  it("runs a forecast job: progress rises, the result has the engine's shape", async () => {
    await startForecastQueue(open, queueOptions);
    const { org, campaignId } = await setup();
    const req = await requestForecast(open.db, org.actor, campaignId, { input: quick });
    if (!req.ok) throw new Error(req.message);
    const seen: number[] = [];
    const row = await waitFor(
      async () => {
        const r = await findForecast(open.db, { forecastId: req.value.id });
        if (r?.progress && r.status === "running" && seen.at(-1) !== r.progress.done)
          seen.push(r.progress.done);
        return r && (r.status === "done" || r.status === "failed") ? r : null;
      },
      55_000,
      50,
    );
    expect(row.error).toBeNull();
    expect(row.status).toBe("done");
    // Several distinct progress values, never going down.
    expect(seen.length).toBeGreaterThan(2);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(row.progress).toMatchObject({
      done: row.progress?.total,
      etaSeconds: expect.any(Number),
    });
    const got = await call(forecastRoute.GET, "GET", "/x", {
      token: org.token,
      params: { forecastId: req.value.id },
    });
    expect(got.status).toBe(200);
    const dto = got.json as ForecastDto;
    expect(dto.result?.points).toHaveLength(3);
    expect(dto.result?.points[0]).toMatchObject({
      alpha: 0,
      success: { mean: expect.any(Number), low: expect.any(Number), high: expect.any(Number) },
      cleanAccuracy: { mean: expect.any(Number) },
    });
    expect(dto.result).toMatchObject({
      runs: 6,
      interval: "t-95",
      backend: expect.any(String),
      criticalMass: { targetSuccess: 0.8 },
    });
    expect(dto.result?.stress.map((s) => s.id)).toEqual(["reference", "noise", "dp", "others"]);
    expect(dto.result?.stress.find((s) => s.id === "dp")?.skipped).toMatch(/naive Bayes/);
    expect(dto.result?.stress.find((s) => s.id === "others")?.points?.length).toBeGreaterThan(0);
    expect(dto).toMatchObject({
      dataSource: "proxy",
      dataSourceLabel: "proxy sample",
      snapshot: { active: null, countsLabel: "fewer than 5" },
    });
    expect(dto.membersNeeded).toMatchObject({ basis: "simulated", isUpperBound: true });
  });

  it("API: organizers get 202 then the status; members may read but not request; outsiders get 404", async () => {
    const { org, mem, outsider, campaignId } = await setup();
    const post = await call(campaignForecasts.POST, "POST", "/x", {
      token: org.token,
      params: { campaignId },
      body: quick,
    });
    expect(post.status).toBe(202);
    const { id } = post.json as { id: string };
    const again = await call(campaignForecasts.POST, "POST", "/x", {
      token: org.token,
      params: { campaignId },
      body: quick,
    });
    expect(again).toMatchObject({ status: 202, json: { id, isExisting: true } });
    const status = await call(forecastRoute.GET, "GET", "/x", {
      token: mem.token,
      params: { forecastId: id },
    });
    expect(status.status).toBe(200);
    expect(["queued", "running", "done"]).toContain((status.json as ForecastDto).status);
    expect(
      await call(campaignForecasts.POST, "POST", "/x", {
        token: mem.token,
        params: { campaignId },
        body: quick,
      }),
    ).toMatchObject({ status: 403, json: { error: { code: "forbidden" } } });
    expect(
      (
        await call(forecastRoute.GET, "GET", "/x", {
          token: outsider.token,
          params: { forecastId: id },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(campaignForecasts.GET, "GET", "/x", {
          token: outsider.token,
          params: { campaignId },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(campaignForecasts.POST, "POST", "/x", {
          token: outsider.token,
          params: { campaignId },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(campaignForecasts.POST, "POST", "/x", {
          token: org.token,
          params: { campaignId },
          body: { seeds: 0 },
        })
      ).status,
    ).toBe(422);
    const list = await call(campaignForecasts.GET, "GET", "/x", {
      token: mem.token,
      params: { campaignId },
    });
    expect(list).toMatchObject({ status: 200, json: { forecasts: [{ id }] } });
    const done = await waitFor(
      async () => {
        const r = await call(forecastRoute.GET, "GET", "/x", {
          token: mem.token,
          params: { forecastId: id },
        });
        const dto = r.json as ForecastDto;
        return dto.status === "done" || dto.status === "failed" ? dto : null;
      },
      55_000,
      250,
    );
    expect(done.status).toBe("done");
  });

  it("retries a job interrupted by a restart (queue stopped abruptly, a new one started)", async () => {
    const { org, campaignId } = await setup();
    // More seeds than elsewhere, so the job is surely still running when the "server" dies.
    const req = await requestForecast(open.db, org.actor, campaignId, {
      input: { ...quick, seeds: 6 },
    });
    if (!req.ok) throw new Error(req.message);
    await waitFor(
      async () => {
        const r = await findForecast(open.db, { forecastId: req.value.id });
        return r && r.status === "running" && (r.progress?.done ?? 0) >= 1 ? r : null;
      },
      30_000,
      50,
    );
    // A killed server: its job stays `active` and nothing more is written.
    await stopForecastQueue({ abrupt: true });
    const frozen = await findForecast(open.db, { forecastId: req.value.id });
    expect(frozen?.status).toBe("running");
    await startForecastQueue(open, queueOptions);
    const row = await waitFor(async () => {
      const r = await findForecast(open.db, { forecastId: req.value.id });
      return r && (r.status === "done" || r.status === "failed") ? r : null;
    }, 55_000);
    expect(row.status).toBe("done");
    expect(row.attempts).toBe(2);
  });

  it("schedules one automatic forecast for a burst of confirmation changes", async () => {
    const { org, campaignId } = await setup();
    await scheduleAutoForecast(open.db, campaignId, 1);
    await scheduleAutoForecast(open.db, campaignId, 1);
    await scheduleAutoForecast(open.db, campaignId, 1);
    const done = await waitFor(
      async () => {
        const list = await listForecasts(open.db, org.actor, campaignId);
        if (!list.ok) throw new Error(list.message);
        return list.value.some((f) => f.status === "done") ? list.value : null;
      },
      55_000,
      250,
    );
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ trigger: "auto", status: "done" });
  });
});

describe("forecast view data", () => {
  const point = (alpha: number, mean: number, clean: number, bound: number) => ({
    alpha,
    collectiveSize: 0,
    success: { mean, low: mean - 0.05, high: mean + 0.05 },
    successOnOthers: { mean, low: mean, high: mean },
    cleanAccuracy: { mean: clean, low: clean, high: clean },
    bound,
  });
  const result = {
    points: [point(0, 0.1, 0.9, 0), point(0.01, 0.5, 0.89, 0.6), point(0.02, 0.85, 0.88, 0.9)],
    audit: { xi: 0.01, delta: 0.5 },
    criticalMass: { targetSuccess: 0.8, simulated: 0.02, theoretical: 0.015 },
    backend: "wasm",
    seconds: 1,
    interval: "t-95" as const,
    runs: 6,
    nTrain: 1600,
    nTest: 400,
    stress: [],
  };
  const campaign: CampaignRow = {
    id: "c",
    collectiveId: "k",
    name: "x",
    kind: "classifier",
    datasetId: null,
    platformModels: null,
    sampleName: "gig-work",
    data: { label: "label", text: [], categorical: [], numeric: [] },
    learner: {},
    campaign: {},
    populationSize: 1000,
    targetSuccess: 0.8,
    status: "launched",
    context: null,
    signalAudit: null,
    authorisedBySessionId: null,
    createdBy: null,
    createdAt: new Date(),
    launchedAt: null,
    endedAt: null,
  };
  const row = (active: number, records: number): ForecastRow => ({
    id: "f",
    collectiveId: "k",
    campaignId: "c",
    status: "done",
    trigger: "manual",
    spec: {},
    seed: 1,
    dataSource: "proxy",
    snapshot: { records, active, population: 1000, alpha: active / 1000, misexecution: 0.1 },
    progress: { done: 6, total: 6, etaSeconds: 0 },
    result,
    error: null,
    attempts: 1,
    requestedBy: null,
    createdAt: new Date(),
    startedAt: new Date(),
    finishedAt: new Date(),
  });

  it("counts members still needed from the simulated and theoretical critical mass", () => {
    const dto = toForecastDto(row(10, 12), campaign);
    // ceil(0.02 * 1000) - 10 and ceil(0.015 * 1000) - 10.
    expect(dto.membersNeeded).toEqual({
      basis: "simulated",
      total: 20,
      stillNeeded: 10,
      theoreticalTotal: 15,
      theoreticalStillNeeded: 5,
      isUpperBound: false,
    });
    expect(dto.snapshot).toMatchObject({ active: 10, records: 12, alpha: 0.01, countsLabel: null });
    expect(dto.cleanAccuracyChange).toBeCloseTo(-0.01);
  });

  it("shows misexecution only when at least 5 tried to confirm; otherwise neither the rate nor its noise", () => {
    const noisy = (attempted: number | undefined): ForecastRow => {
      const base = row(10, 12);
      return {
        ...base,
        spec: { noise: { p: 0.1, mode: "wrong-label" } },
        snapshot: { ...base.snapshot, ...(attempted === undefined ? {} : { attempted }) },
      };
    };
    const few = toForecastDto(noisy(4), campaign);
    expect(few.snapshot.misexecution).toBeNull();
    expect(few.spec).not.toHaveProperty("noise");
    expect(few.noise).toMatchObject({ source: "none", rate: null });
    // Stored before `attempted` was: it cannot be shown to rest on 5 people.
    expect(toForecastDto(noisy(undefined), campaign).snapshot.misexecution).toBeNull();
    const enough = toForecastDto(noisy(5), campaign);
    expect(enough.snapshot.misexecution).toBe(0.1);
    expect(enough.spec).toMatchObject({ noise: { p: 0.1 } });
    expect(enough.noise).toMatchObject({ source: "measured", rate: 0.1 });
  });

  it("withholds counts under 5 and every figure that would reveal them", () => {
    const dto = toForecastDto(row(3, 4), campaign);
    expect(dto.snapshot).toMatchObject({
      active: null,
      records: null,
      alpha: null,
      misexecution: null,
      countsLabel: "fewer than 5",
    });
    expect(dto.membersNeeded).toMatchObject({ stillNeeded: 20, isUpperBound: true });
    expect(dto.cleanAccuracyChange).toBeNull();
  });
});

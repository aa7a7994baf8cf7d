import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db";
import { findForecast } from "@/db/queries/forecasts";
import * as campaignForecasts from "@/app/api/v1/campaigns/[campaignId]/forecasts/route";
import * as forecastRoute from "@/app/api/v1/forecasts/[forecastId]/route";
import { createCollective } from "@/lib/data/collectives";
import type { ForecastDto } from "@/lib/data/forecasts";
import { startForecastQueue, stopForecastQueue } from "@/jobs/forecast-pipeline";
import { minimumCountRule } from "@/lib/privacy";
import {
  prepareSimulation,
  runOne,
  runSimulation,
  seedState,
  simulationSpecSchema,
  type SimulationSpec,
} from "@/ml/simulate";
import { loadSample } from "@/ml/samples";
import { freshDatabase } from "../helpers/db";
import { call } from "../helpers/api";
import { insertGigPlantCampaign } from "../helpers/campaigns";
import { person } from "../helpers/people";

/**
 * A finished forecast's 95% interval, read through the API, checked against the engine run
 * directly on the stored spec, and against a t-interval computed here from the per-seed runs.
 */
let open: OpenDatabase;
beforeAll(async () => {
  open = await freshDatabase();
  await startForecastQueue(open, {
    work: true,
    rule: minimumCountRule,
    recoverActive: true,
    pollingIntervalSeconds: 0.5,
    progressIntervalMs: 0,
    reconcileEveryMs: 0,
    workers: 0,
  });
});
afterAll(async () => {
  await stopForecastQueue();
  await open.close();
});

// Student's t, two-sided 95% (0.975 quantile), from a printed table: 2 and 3 degrees of freedom.
const T975: Record<number, number> = { 3: 4.303, 4: 3.182 };

/** Mean and 95% t-interval over seeds, clamped to [0, 1], worked out independently. */
function interval(values: number[]) {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const half = ((T975[n] ?? Number.NaN) * sd) / Math.sqrt(n);
  return { mean, low: Math.max(0, mean - half), high: Math.min(1, mean + half) };
}

async function waitForDone(token: string, forecastId: string): Promise<ForecastDto> {
  const end = Date.now() + 110_000;
  for (;;) {
    const r = await call(forecastRoute.GET, "GET", "/x", { token, params: { forecastId } });
    const dto = r.json as ForecastDto;
    if (dto.status === "done" || dto.status === "failed") return dto;
    if (Date.now() > end) throw new Error("forecast did not finish");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe("a finished forecast's interval", () => {
  it("is the engine's own numbers: low <= mean <= high, a band only where seeds disagree", async () => {
    const org = await person(`fi_org${Math.random().toString(36).slice(2, 8)}`);
    const actor = { userId: org.userId, handle: org.handle };
    const c = await createCollective(open.db, actor, { name: "Riders", platform: "GigCo" });
    if (!c.ok) throw new Error(c.message);
    const campaign = await insertGigPlantCampaign(open.db, c.value.id);
    const post = await call(campaignForecasts.POST, "POST", "/x", {
      token: org.token,
      params: { campaignId: campaign.id },
      body: { seeds: 3, alphas: [0, 0.002, 0.1] },
    });
    expect(post.status).toBe(202);
    const { id } = post.json as { id: string };
    const dto = await waitForDone(org.token, id);
    expect(dto.error ?? null).toBeNull();
    expect(dto.status).toBe("done");
    const points = dto.result?.points ?? [];
    expect(points.map((p) => p.alpha)).toEqual([0, 0.002, 0.1]);
    expect(dto.result).toMatchObject({ runs: 9, interval: "t-95" });

    for (const p of points)
      for (const iv of [p.success, p.successOnOthers, p.cleanAccuracy]) {
        expect(iv.low).toBeLessThanOrEqual(iv.mean);
        expect(iv.mean).toBeLessThanOrEqual(iv.high);
        expect(iv.low).toBeGreaterThanOrEqual(0);
        expect(iv.high).toBeLessThanOrEqual(1);
      }

    // The same numbers from the engine run directly on the stored spec and the proxy sample.
    const row = await findForecast(open.db, { forecastId: id });
    const spec: SimulationSpec = simulationSpecSchema.parse(row?.spec);
    expect(spec).toMatchObject({ seeds: 3, alphas: [0, 0.002, 0.1], seed: row?.seed });
    const table = await loadSample("gig-work");
    const direct = await runSimulation(spec, { table, workers: 0 });
    expect(points).toEqual(direct.points);

    // Per-seed runs, one at a time, aggregated here.
    const prep = prepareSimulation(spec, table);
    const states = [0, 1, 2].map((s) => seedState(prep, s));
    let bands = 0;
    let flat = 0;
    for (const [a, p] of points.entries()) {
      const runs = await Promise.all(states.map((st, s) => runOne(prep, st, a, s)));
      for (const key of ["success", "successOnOthers", "cleanAccuracy"] as const) {
        const values = runs.map((r) => r[key]);
        const want = interval(values);
        expect(p[key].mean).toBeCloseTo(want.mean, 12);
        // The t quantile is printed to 3 decimals: agree to within that.
        expect(p[key].low).toBeCloseTo(want.low, 3);
        expect(p[key].high).toBeCloseTo(want.high, 3);
        if (new Set(values).size > 1) {
          expect(p[key].high - p[key].low).toBeGreaterThan(0);
          bands++;
        } else {
          expect(p[key]).toEqual({ mean: values[0], low: values[0], high: values[0] });
          flat++;
        }
      }
    }
    // The check is not vacuous: some figures vary over seeds, others (a unique token at
    // alpha 0.1 always wins) do not.
    expect(bands).toBeGreaterThan(0);
    expect(flat).toBeGreaterThan(0);
    expect(points[2]?.success).toEqual({ mean: 1, low: 1, high: 1 });
  });
});

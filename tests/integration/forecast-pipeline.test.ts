import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db";
import { findCampaign } from "@/db/queries/campaigns";
import { findForecast, insertForecast } from "@/db/queries/forecasts";
import * as campaigns from "@/app/api/v1/collectives/[id]/campaigns/route";
import * as launch from "@/app/api/v1/campaigns/[campaignId]/launch/route";
import * as myRecord from "@/app/api/v1/campaigns/[campaignId]/my-record/route";
import * as myConfirmation from "@/app/api/v1/campaigns/[campaignId]/my-confirmation/route";
import { forecastInput, readCampaignState } from "@/jobs/forecast-input";
import {
  reconcileForecasts,
  startForecastQueue,
  stopForecastQueue,
} from "@/jobs/forecast-pipeline";
import { AUTO_FORECAST_QUEUE, FORECAST_RETRY_LIMIT } from "@/jobs/queue";
import { requestForecast } from "@/lib/data/forecasts";
import { minimumCountRule } from "@/lib/privacy";
import { prepareSimulation, seedState } from "@/ml/simulate/prepare";
import { runSimulation } from "@/ml/simulate/run-simulation";
import { simulationSpecSchema } from "@/ml/simulate/spec";
import { freshDatabase } from "../helpers/db";
import { runForecastNow } from "../helpers/forecast";
import { call } from "../helpers/api";
import { collectiveWith, type Person } from "../helpers/people";

let open: OpenDatabase;
beforeAll(async () => {
  open = await freshDatabase();
});
afterAll(async () => {
  await stopForecastQueue();
  await open.close();
});

const spamPlant = {
  goal: "plant",
  strategy: "feature-label",
  target: "ham",
  signal: { kind: "text", token: "zqx", placement: "end" },
};
const POPULATION = 5000;

/** A launched spam campaign in a collective of `n` members, none of whom has submitted yet. */
async function launched(prefix: string, n: number) {
  const g = await collectiveWith(prefix, n);
  const created = await call(campaigns.POST, "POST", "/x", {
    token: g.organizer.token,
    params: { id: g.id },
    body: {
      name: "Ham",
      sample: "spam-assassin",
      populationSize: POPULATION,
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
  return { ...g, campaignId, actor: { userId: g.organizer.userId, handle: g.organizer.handle } };
}

const noteOf = (m: Person) => `private note of ${m.handle}`;

async function submit(m: Person, campaignId: string) {
  const put = await call(myRecord.PUT, "PUT", "/x", {
    token: m.token,
    params: { campaignId },
    body: { fields: { text: noteOf(m), label: "spam" } },
  });
  expect(put.status).toBe(200);
}

async function confirm(m: Person, campaignId: string) {
  const res = await call(myConfirmation.POST, "POST", "/x", {
    token: m.token,
    params: { campaignId },
    body: { fields: { text: `${noteOf(m)} zqx`, label: "ham" } },
  });
  expect(res.json).toMatchObject({ ok: true });
}

describe("the forecast input is built once, at job time, from one consistent read", () => {
  it("a 6th member confirming between request and job: memberRows and the table agree, no record is tested on, the stored spec re-runs", async () => {
    const g = await launched("six", 6);
    const sixth = g.members[5]!;
    for (const m of g.members) await submit(m, g.campaignId);
    for (const m of g.members.slice(0, 5)) await confirm(m, g.campaignId);

    // Requested with 5 active: no queue in this process, so the job has not run yet.
    const req = await requestForecast(open.db, g.actor, g.campaignId, { input: { seeds: 1 } });
    if (!req.ok) throw new Error(req.message);
    const requested = await findForecast(open.db, { forecastId: req.value.id });
    expect(requested).toMatchObject({
      status: "queued",
      snapshot: { active: 5 },
      spec: { memberRows: 5 },
    });

    // The change that triggers automatic forecasts happens before the job starts.
    await confirm(sixth, g.campaignId);
    await runForecastNow(open.db, { forecastId: req.value.id, collectiveId: g.id });
    const row = await findForecast(open.db, { forecastId: req.value.id });
    if (!row) throw new Error("no forecast row");
    expect(row.error).toBeNull();
    expect(row.status).toBe("done");
    // What ran is what is stored: six members, their records counted in the spec.
    expect(row).toMatchObject({
      dataSource: "members",
      snapshot: { active: 6, records: 6 },
      spec: { memberRows: 6 },
    });
    const spec = simulationSpecSchema.parse(row.spec);
    // The default grid follows the collective the job ran on ("now" = 6 / population).
    expect(spec.alphas).toContain(6 / POPULATION);
    expect(spec.alphas).not.toContain(5 / POPULATION);

    // The same records, read again, make the table the job ran on: members last, all six.
    const campaign = await findCampaign(open.db, { campaignId: g.campaignId });
    const state = await readCampaignState(open.db, campaign!, minimumCountRule);
    const { table } = forecastInput(spec, state, minimumCountRule, { defaultGrid: false });
    const nProxy = state.proxy.rows.length;
    expect(table.rows).toHaveLength(nProxy + spec.memberRows);
    expect(
      table.rows
        .slice(nProxy)
        .map((r) => r.text)
        .sort(),
    ).toEqual(g.members.map(noteOf).sort());
    // No member record is ever in a test split (prepare.ts's promise), for every seed.
    const prep = prepareSimulation(spec, table);
    for (let s = 0; s < spec.seeds; s++) {
      const testTexts = seedState(prep, s).test.map((i) => table.rows[i]?.text ?? "");
      expect(testTexts.filter((t) => t.startsWith("private note of"))).toEqual([]);
      expect(Math.max(...seedState(prep, s).test)).toBeLessThan(nProxy);
    }

    // The stored spec re-runs to the same numbers.
    const rerun = await runSimulation(spec, { table, workers: 0 });
    const result = row.result as {
      points: { alpha: number; success: unknown; cleanAccuracy: unknown }[];
    };
    expect(rerun.points.map((p) => [p.alpha, p.success, p.cleanAccuracy])).toEqual(
      result.points.map((p) => [p.alpha, p.success, p.cleanAccuracy]),
    );
  }, 240_000);
});

describe("the queue's reconciliation", () => {
  it("sends a job for a forecast whose job was lost, fails one interrupted too often, and leaves a fresh one alone", async () => {
    const g = await launched("lost", 0);
    const campaign = await findCampaign(open.db, { campaignId: g.campaignId });
    if (!campaign) throw new Error("no campaign");
    const old = new Date(Date.now() - 10 * 60_000);
    const forecast = (p: { createdAt: Date; attempts: number }) =>
      insertForecast(open.db, {
        collectiveId: campaign.collectiveId,
        campaignId: campaign.id,
        spec: {},
        seed: 1,
        snapshot: {},
        status: "running",
        ...p,
      });
    // Rows with no job (a killed PGlite server's queue, a send that failed after the insert).
    const lost = await forecast({ createdAt: old, attempts: 1 });
    const exhausted = await forecast({ createdAt: old, attempts: FORECAST_RETRY_LIMIT + 1 });
    const fresh = await forecast({ createdAt: new Date(), attempts: 0 });

    const queue = await startForecastQueue(open, { work: false, rule: minimumCountRule });
    expect(await queue.liveForecastIds()).toEqual(new Set());
    await reconcileForecasts(open.db, queue);

    const live = await queue.liveForecastIds();
    expect(live.has(lost.id)).toBe(true);
    expect(await findForecast(open.db, { forecastId: lost.id })).toMatchObject({
      status: "queued",
      error: expect.stringMatching(/job was lost/),
    });
    expect(live.has(exhausted.id)).toBe(false);
    expect(await findForecast(open.db, { forecastId: exhausted.id })).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/interrupted too many times/),
    });
    // Younger than the grace period: it may be between its insert and its send.
    expect(live.has(fresh.id)).toBe(false);
    expect(await findForecast(open.db, { forecastId: fresh.id })).toMatchObject({
      status: "running",
      error: null,
    });

    // Reconciling again sends nothing twice (one job per forecast id).
    await reconcileForecasts(open.db, queue);
    const { rows } = await open.executeSql(
      "select count(*)::int as n from pgboss.job where data->>'forecastId' = $1",
      [lost.id],
    );
    expect(rows).toEqual([{ n: 1 }]);
    await stopForecastQueue();
  });
});

describe("automatic forecasts", () => {
  /** The automatic-forecast jobs waiting for this campaign, with how long until they start. */
  async function waitingAutoJobs(campaignId: string) {
    const { rows } = await open.executeSql(
      "select id, extract(epoch from (start_after - now()))::float as wait from pgboss.job where name = $1 and singleton_key = $2 and state = 'created'",
      [AUTO_FORECAST_QUEUE, campaignId],
    );
    return rows as { id: string; wait: number }[];
  }

  it("confirmations and withdrawals each schedule one, debounced by the quiet period", async () => {
    const g = await launched("auto", 5);
    await startForecastQueue(open, { work: false, rule: minimumCountRule });
    for (const m of g.members) await submit(m, g.campaignId);
    expect(await waitingAutoJobs(g.campaignId)).toEqual([]);

    // A burst of five confirmations: one automatic forecast, after the 30 s quiet period.
    for (const m of g.members) await confirm(m, g.campaignId);
    const afterConfirmations = await waitingAutoJobs(g.campaignId);
    expect(afterConfirmations).toHaveLength(1);
    expect(afterConfirmations[0]!.wait).toBeGreaterThan(20);

    // Once it has run, a withdrawal schedules the next one.
    await open.executeSql(
      "update pgboss.job set state = 'completed', completed_on = now() where id = $1",
      [afterConfirmations[0]!.id],
    );
    expect(await waitingAutoJobs(g.campaignId)).toEqual([]);
    const withdrawn = await call(myRecord.DELETE, "DELETE", "/x", {
      token: g.members[0]!.token,
      params: { campaignId: g.campaignId },
    });
    expect(withdrawn.status).toBe(200);
    const afterWithdrawal = await waitingAutoJobs(g.campaignId);
    expect(afterWithdrawal).toHaveLength(1);
    expect(afterWithdrawal[0]!.id).not.toBe(afterConfirmations[0]!.id);
    expect(afterWithdrawal[0]!.wait).toBeGreaterThan(20);
    await stopForecastQueue();
  });
});

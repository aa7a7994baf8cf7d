import { describe, expect, it } from "vitest";
import type { CampaignRow, ForecastRow } from "@/db/schema";
import { toForecastDto } from "@/lib/data/forecast-dto";
import type { ForecastResult, StressTest } from "@/lib/data/forecasts";
import {
  forecastHeadline,
  measureRows,
  stressCells,
  stressColumns,
} from "@/components/forecast/headline";
import { stressNoise, stressScenario } from "@/ml/simulate/stress";
import { simulationSpecSchema } from "@/ml/simulate/spec";

// The forecast view model from a stored forecast, as the panel shows it (no browser).

const iv = (mean: number) => ({ mean, low: mean - 0.01, high: mean + 0.01 });

/** SpamAssassin-like: 68% of test rows already ham; the signal moves ~6% of spam at alpha 0. */
function point(alpha: number, success: number, onOthers: number, lift: number) {
  return {
    alpha,
    collectiveSize: 0,
    success: iv(success),
    successOnOthers: iv(onOthers),
    lift: iv(lift),
    changeShare: 0.32,
    cleanAccuracy: iv(0.95),
    bound: 0.5,
    boundOnOthers: 0,
  };
}

const stressPoint = (alpha: number, success: number, onOthers: number, lift: number) => ({
  alpha,
  success: iv(success),
  successOnOthers: iv(onOthers),
  lift: iv(lift),
  cleanAccuracy: iv(0.9),
});

const stress: StressTest[] = [
  {
    id: "reference",
    label: "Reference",
    description: "",
    points: [
      stressPoint(0.0005, 0.7, 0.08, 0.02),
      stressPoint(0.001, 0.71, 0.1, 0.04),
      stressPoint(0.002, 0.75, 0.2, 0.14),
    ],
    baseline: { success: iv(0.68), successOnOthers: iv(0.06) },
  },
  {
    id: "dp",
    label: "DP-SGD on",
    description: "",
    // Heavy DP: the model drifts to random labels, raw success rises with no collective.
    points: [
      stressPoint(0.0005, 0.8, 0.5, 0),
      stressPoint(0.001, 0.8, 0.5, 0.01),
      stressPoint(0.002, 0.8, 0.5, 0),
    ],
    baseline: { success: iv(0.8), successOnOthers: iv(0.5) },
  },
];

const result: ForecastResult = {
  points: [
    point(0, 0.685, 0.06, 0),
    point(0.0012, 0.7, 0.1, 0.04),
    point(0.01, 0.9, 0.7, 0.64),
    point(0.05, 0.96, 0.88, 0.82),
  ],
  audit: { xi: 0, delta: 0 },
  criticalMass: { targetSuccess: 0.8, simulated: 0.05, theoretical: null },
  backend: "wasm",
  seconds: 1,
  interval: "t-95",
  runs: 8,
  nTrain: 1600,
  nTest: 400,
  stress,
};

const campaign: CampaignRow = {
  id: "c",
  collectiveId: "k",
  name: "x",
  kind: "classifier",
  datasetId: null,
  platformModels: null,
  sampleName: "spamassassin",
  data: { label: "label", text: ["text"], categorical: [], numeric: [] },
  learner: {},
  campaign: {},
  populationSize: 5000,
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

const specJson = {
  data: { sample: "spamassassin", label: "label", text: ["text"] },
  learner: { kind: "linear" },
  campaign: {
    goal: "plant",
    strategy: "feature-label",
    target: "ham",
    signal: { kind: "text", token: "zqx" },
  },
};

function row(active: number, attempted: number, misexecution: number): ForecastRow {
  return {
    id: "f",
    collectiveId: "k",
    campaignId: "c",
    status: "done",
    trigger: "manual",
    spec: specJson,
    seed: 1,
    dataSource: "proxy",
    snapshot: {
      records: active,
      active,
      population: 5000,
      alpha: active / 5000,
      attempted,
      misexecution,
    },
    progress: { done: 8, total: 8, etaSeconds: 0 },
    result,
    error: null,
    attempts: 1,
    requestedBy: null,
    createdAt: new Date(),
    startedAt: new Date(),
    finishedAt: new Date(),
  };
}

describe("forecast headline", () => {
  it("leads with the rows the campaign must change, the no-campaign baseline and the lift, not raw success", () => {
    const dto = toForecastDto(row(6, 6, 0), campaign);
    const h = forecastHeadline(dto);
    if (!h) throw new Error("no headline");
    expect(h.now?.members).toBe(6);
    expect(h.now?.moved).toBeCloseTo(0.1);
    expect(h.baseline).toBeCloseTo(0.06);
    expect(h.now?.lift).toBeCloseTo(0.04);
    expect(h.alreadyThere).toBeCloseTo(0.68);
    // The first sentence states the measure; raw success (70%) comes later, as context.
    const first = h.text.split(". ")[0] ?? "";
    expect(first).toBe(
      'With 6 active members, the signal moves 10% of the rows not already "ham" to "ham" (95% band 9%–11%)',
    );
    expect(h.text).toContain("With no campaign: 6%.");
    expect(h.text).toContain("What the campaign changes: +4.0 points.");
    expect(h.text.indexOf("70%")).toBeGreaterThan(h.text.indexOf("What the campaign changes"));
    expect(h.text).toContain("68% already right without any campaign");
    expect(first).not.toContain("70%");
  });

  it("the chart's main series is the measure, with the lift beside raw success", () => {
    const rows = measureRows(result, 5000);
    expect(rows.map((r) => r.moved)).toEqual([0.06, 0.1, 0.7, 0.88]);
    expect(rows.map((r) => r.success)).toEqual([0.685, 0.7, 0.9, 0.96]);
    expect(rows[1]?.lift).toBeCloseTo(0.04);
    expect(rows[0]?.bound).toBe(0);
  });

  it("computes the lift from alpha 0 for results stored before points carried it", () => {
    const old = {
      ...result,
      points: result.points.map(({ lift: _l, ...p }) => p),
    };
    const rows = measureRows(old, 5000);
    expect(rows[2]?.lift).toBeCloseTo(0.64);
  });

  it("says so when the grid has no no-campaign run", () => {
    const noZero = { ...result, points: result.points.filter((p) => p.alpha > 0) };
    const dto = { ...toForecastDto(row(6, 6, 0), campaign), result: noZero };
    expect(forecastHeadline(dto)?.text).toContain("the lift is unknown");
  });
});

describe("forecast against several platform models", () => {
  // The linear model reaches the target at 1%; the fastText-like network only at 5%.
  const curve = (kind: "linear" | "fasttext", means: number[], criticalMass: number | null) => ({
    kind,
    points: result.points.map((p, i) => ({ alpha: p.alpha, successOnOthers: iv(means[i] ?? 0) })),
    criticalMass,
    seconds: 1,
  });
  const banded: ForecastResult = {
    ...result,
    platformModels: {
      models: [
        curve("linear", [0.06, 0.3, 0.9, 0.97], 0.01),
        curve("fasttext", [0.06, 0.1, 0.7, 0.88], 0.05),
      ],
      band: [
        { alpha: 0, low: 0.06, high: 0.06 },
        { alpha: 0.0012, low: 0.1, high: 0.3 },
        { alpha: 0.01, low: 0.7, high: 0.9 },
        { alpha: 0.05, low: 0.88, high: 0.97 },
      ],
      drivenBy: "fasttext",
    },
  };
  const bandedRow = (active: number) => ({ ...row(active, active, 0), result: banded });

  it("names the model that drives members still needed, with each model's need", () => {
    const dto = toForecastDto(bandedRow(6), campaign);
    expect(dto.platformModels?.drivenBy).toMatchObject({ kind: "fasttext", total: 250 });
    expect(dto.platformModels?.models.map((m) => [m.kind, m.total, m.isDriving])).toEqual([
      ["linear", 50, false],
      ["fasttext", 250, true],
    ]);
    expect(dto.platformModels?.sentence).toContain(
      "follow the fastText-like network, the most pessimistic of the 2 platform models ticked",
    );
    expect(dto.platformModels?.sentence).toContain("the linear model needs 50 active members");
    // Members still needed come from the pessimistic curve (the result's own critical mass).
    expect(dto.membersNeeded).toMatchObject({ total: 250, stillNeeded: 244 });
  });

  it("the headline gives the range across models where the collective stands", () => {
    const h = forecastHeadline(toForecastDto(bandedRow(6), campaign));
    expect(h?.text).toContain(
      "Against the 2 platform models ticked, with 6 members it is between 10% and 30% (the linear model 30%, the fastText-like network 10%); the figures above are the most pessimistic model's, the fastText-like network.",
    );
  });

  it("says so when the models agree where the collective stands", () => {
    const agree = structuredClone(banded);
    const bandAt = agree.platformModels?.band.find((b) => b.alpha === 0.0012);
    if (bandAt) bandAt.low = bandAt.high = 0.3;
    const h = forecastHeadline(toForecastDto({ ...row(6, 6, 0), result: agree }, campaign));
    expect(h?.text).toContain("with 6 members it is 30% on both;");
  });

  it("the chart rows carry the band the models span", () => {
    expect(measureRows(banded, 5000).map((r) => r.models)).toEqual([
      [0.06, 0.06],
      [0.1, 0.3],
      [0.7, 0.9],
      [0.88, 0.97],
    ]);
    // One model: no band, no sentence.
    expect(measureRows(result, 5000).every((r) => r.models === null)).toBe(true);
    expect(toForecastDto(row(6, 6, 0), campaign).platformModels).toBeNull();
  });
});

describe("stress-test view", () => {
  it("labels columns by active members, distinct where rounded shares read alike", () => {
    const cols = stressColumns(stress, 5000);
    expect(cols.map((c) => c.label)).toEqual(["3 members", "5 members", "10 members"]);
    expect(cols.map((c) => c.share)).toEqual(["0.05% of users", "0.1% of users", "0.2% of users"]);
    expect(stressColumns(stress, 50_000).map((c) => c.label)).toEqual([
      "25 members",
      "50 members",
      "100 members",
    ]);
  });

  it("shows the DP scenario's lift over its own no-campaign run, not its inflated raw success", () => {
    const reference = stress[0];
    const dp = stress[1];
    if (!dp) throw new Error("no dp");
    const cells = stressCells(dp, reference);
    expect(cells?.map((c) => c.lift)).toEqual([0, 0.01, 0]);
    // Against the reference it looks like a big gain; its own baseline shows it is not.
    expect(cells?.[0]?.vsReference).toBeCloseTo(0.42);
    expect(stressCells(reference ?? dp, reference)?.[0]?.vsReference).toBeNull();
  });
});

describe("misexecution wording: forecast note and stress test agree", () => {
  const spec = simulationSpecSchema.parse(specJson);
  const table = { columns: ["text", "label"], rows: [] };
  const noiseLabel = (measured: number | null) =>
    stressScenario("noise", { spec, table, measuredNoise: measured });

  it("measured 0% from at least 5: the stress test uses 10% as a pessimistic check, and both say so", () => {
    const dto = toForecastDto(row(6, 6, 0), campaign);
    expect(dto.noise).toMatchObject({ source: "measured", rate: 0, stressRate: 0.1 });
    expect(dto.noise.note).toContain("measured at 0.0%");
    expect(dto.noise.note).toContain("assumes 10% as a pessimistic check");
    const s = noiseLabel(dto.snapshot.misexecution);
    expect(s.label).toBe("Misexecution 10% (pessimistic check)");
    expect(s.description).toContain("measured 0% from at least 5 members");
    expect(dto.noise.stressRate).toBe(stressNoise(dto.snapshot.misexecution).rate);
  });

  it("fewer than 5 attempts: assumed 10% in both, without revealing how many tried", () => {
    const dto = toForecastDto(row(6, 3, 0), campaign);
    expect(dto.noise).toMatchObject({ source: "none", rate: null, stressRate: 0.1 });
    expect(dto.noise.note).toContain("the stress test assumes 10%");
    const s = noiseLabel(dto.snapshot.misexecution);
    expect(s.label).toBe("Misexecution 10% (assumed)");
    expect(s.description).toContain("fewer than 5 members have tried to confirm");
    expect(noiseLabel(null).description).toBe(s.description);
  });

  it("a measured rate is the one the stress test uses", () => {
    const dto = toForecastDto(
      { ...row(6, 8, 0.125), spec: { ...specJson, noise: { p: 0.125, mode: "wrong-label" } } },
      campaign,
    );
    expect(dto.noise).toMatchObject({ source: "measured", rate: 0.125, stressRate: 0.125 });
    expect(dto.noise.note).toContain("12.5%");
    expect(dto.noise.note).toContain("the stress test uses the same rate");
    expect(noiseLabel(0.125).label).toBe("Measured misexecution (12.5%)");
  });
});

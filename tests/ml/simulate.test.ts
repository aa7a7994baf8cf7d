import { describe, expect, it } from "vitest";
import {
  createSimulationPool,
  runSimulation,
  simulationSpecSchema,
  type SimulationSpecInput,
} from "@/ml/simulate";
import { listSamples, loadSample } from "@/ml/samples";
import { createRng } from "@/core/random";
import type { Row, Table } from "@/ml/types";

/**
 * Discrete data for the Bayes learner: one categorical column. The signal cell "s" holds a
 * share `xi` of the rows with P(yes | s) = (1 - delta) / 2; the other cells make P(yes) = piStar.
 * Exact proportions, shuffled, so only the train/test split and the collective are random.
 */
function discrete(n: number, xi: number, delta: number, piStar: number): Table {
  const rows: Row[] = [];
  const ns = Math.round(xi * n);
  const yesS = Math.round(((1 - delta) / 2) * ns);
  const yesRest = Math.round(piStar * n) - yesS;
  for (let i = 0; i < ns; i++) rows.push({ c: "s", label: i < yesS ? "yes" : "no" });
  for (let i = 0; i < n - ns; i++)
    rows.push({ c: i % 2 === 0 ? "a" : "b", label: i < yesRest ? "yes" : "no" });
  const rng = createRng(5);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = rows[i];
    rows[i] = rows[j] ?? { c: "", label: "" };
    rows[j] = t ?? { c: "", label: "" };
  }
  return { columns: ["c", "label"], rows };
}

const bayesSpec = (over: Partial<SimulationSpecInput>): SimulationSpecInput => ({
  data: { path: "unused.csv", label: "label", categorical: ["c"] },
  learner: { kind: "bayes" },
  campaign: {
    goal: "plant",
    strategy: "feature-label",
    target: "yes",
    signal: { kind: "field", column: "c", value: "s" },
  },
  alphas: [0, 0.05],
  seeds: 3,
  ...over,
});

const means = (r: { points: { success: { mean: number } }[] }) =>
  r.points.map((p) => p.success.mean);

describe("theory checks with the Bayes learner on discrete data", () => {
  it("a signal value absent from the data succeeds at any alpha > 0", async () => {
    const table = discrete(2000, 0.1, 0.4, 0.3);
    const r = await runSimulation(
      bayesSpec({
        campaign: {
          goal: "plant",
          target: "yes",
          signal: { kind: "field", column: "c", value: "zz" },
        },
        alphas: [0, 0.001, 0.01],
      }),
      { table, workers: 0 },
    );
    expect(means(r)).toEqual([0, 1, 1]);
    expect(r.audit.xi).toBe(0);
    expect(r.points[1]?.bound).toBe(1);
    expect(r.points[1]?.collectiveSize).toBe(2);
  });

  it("with base mass xi and gap Delta, success flips near xi*Delta/(1+xi*Delta)", async () => {
    const table = discrete(10000, 0.1, 0.4, 0.5);
    const flip = (0.1 * 0.4) / (1 + 0.1 * 0.4); // 0.0385
    const r = await runSimulation(
      bayesSpec({ alphas: [0.025, 0.03, 0.047, 0.055], targetSuccess: 0.9 }),
      { table, workers: 0 },
    );
    expect(r.audit.xi).toBeCloseTo(0.1, 6);
    expect(r.audit.delta).toBeCloseTo(0.4, 6);
    expect(means(r)).toEqual([0, 0, 1, 1]);
    expect(r.criticalMass?.simulated).toBeGreaterThan(flip);
    expect(r.criticalMass?.simulated).toBeLessThan(flip * 1.3);
    // Theory on the rows to change (a share c of the test rows, ~0.5 here): the bound on raw
    // success must reach (1 - c) + c*S_t, so Delta*xi / (c*(1 - S_t) + Delta*xi) with the
    // audited xi = 0.1, Delta = 0.4.
    const c = r.points[0]?.changeShare ?? 0;
    expect(c).toBeGreaterThan(0.45);
    expect(c).toBeLessThan(0.55);
    expect(r.criticalMass?.theoretical).toBeCloseTo(0.04 / (c * 0.1 + 0.04), 6);
    // The guarantee is conservative: it never exceeds what the Bayes learner achieved.
    for (const p of r.points) expect(p.bound ?? 0).toBeLessThanOrEqual(p.success.mean + 1e-9);
  });

  it("feature-only needs about 1/pi* times the collective", async () => {
    const table = discrete(10000, 0.1, 0.4, 0.5);
    const campaign = {
      goal: "plant" as const,
      strategy: "feature-only" as const,
      target: "yes",
      signal: { kind: "field" as const, column: "c", value: "s" },
    };
    const r = await runSimulation(bayesSpec({ campaign, alphas: [0.055, 0.065, 0.095, 0.11] }), {
      table,
      workers: 0,
    });
    // Flip near 0.0385 / pi* = 0.077.
    expect(means(r)).toEqual([0, 0, 1, 1]);
  });
});

describe("coordination noise near the critical mass (Bayes, signal cell with xi = 0.1, Delta = 0.4)", () => {
  // 8000 training rows; the cell "s" holds ~800 of them, 30% yes. A collective of m members
  // (10% of them from the cell) makes the cell yes iff 240 - 0.03m + m > 560 - 0.07m, i.e.
  // m > 308 (alpha > 0.0385). At alpha = 0.055, m = 440: everyone acting succeeds; with half
  // the members skipping or mangling the signal only ~220 land in the cell, and it fails.
  const table = discrete(10000, 0.1, 0.4, 0.5);
  const at = async (noise?: SimulationSpecInput["noise"]) =>
    means(
      await runSimulation(
        bayesSpec({ alphas: [0.055], ...(noise !== undefined ? { noise } : {}) }),
        { table, workers: 0 },
      ),
    )[0];

  it("skipping and corrupted signals shrink the collective below the critical mass", async () => {
    expect(await at()).toBe(1);
    expect(await at({ p: 0, mode: "skip" })).toBe(1);
    expect(await at({ p: 0.5, mode: "skip" })).toBe(0);
    expect(await at({ p: 0.5, mode: "corrupt-signal" })).toBe(0);
    // p = 0.2 leaves ~352 > 308 members in the cell: still enough.
    expect(await at({ p: 0.2, mode: "skip" })).toBe(1);
    expect(await at({ p: 0.2, mode: "corrupt-signal" })).toBe(1);
  });
});

describe("coordination noise and other collectives (Bayes, unique signal)", () => {
  const table = discrete(4000, 0.1, 0.4, 0.3);
  const unique = {
    goal: "plant" as const,
    target: "yes",
    signal: { kind: "field" as const, column: "c", value: "zz" },
  };
  const at = async (over: Partial<SimulationSpecInput>) =>
    means(
      await runSimulation(bayesSpec({ campaign: unique, alphas: [0.02], ...over }), {
        table,
        workers: 0,
      }),
    )[0];

  it("wrong labels compete inside the signal cell; skipping and corrupted signals only shrink the collective", async () => {
    expect(await at({ noise: { p: 0.3, mode: "wrong-label" } })).toBe(1);
    expect(await at({ noise: { p: 0.7, mode: "wrong-label" } })).toBe(0);
    expect(await at({ noise: { p: 0.7, mode: "skip" } })).toBe(1);
    expect(await at({ noise: { p: 0.7, mode: "corrupt-signal" } })).toBe(1);
  });

  it("a larger collective with a conflicting target on the same signal cancels the first", async () => {
    const rival = {
      goal: "plant" as const,
      target: "no",
      signal: { kind: "field" as const, column: "c", value: "zz" },
    };
    expect(await at({ others: [{ alpha: 0.03, campaign: rival }] })).toBe(0);
    expect(await at({ others: [{ alpha: 0.01, campaign: rival }] })).toBe(1);
    expect(await at({ others: [{ alpha: 0.03, campaign: { ...rival, target: "yes" } }] })).toBe(1);
  });
});

/** Synthetic text: spam and ham words, a few shared; the token "zq" never occurs. */
function texts(n: number, seed: number): Table {
  const rng = createRng(seed);
  const spam = ["win", "cash", "prize", "offer", "free", "click", "deal", "money"];
  const ham = ["meeting", "notes", "lunch", "project", "report", "team", "thanks", "agenda"];
  const common = ["the", "a", "today", "please", "you", "we", "and", "this"];
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const isSpam = rng.next() < 0.4;
    const words: string[] = [];
    for (let k = 0; k < 12; k++) {
      const pool = rng.next() < 0.5 ? common : isSpam ? spam : ham;
      words.push(pool[rng.int(pool.length)] ?? "the");
    }
    rows.push({ text: words.join(" "), label: isSpam ? "spam" : "ham" });
  }
  return { columns: ["text", "label"], rows };
}

const textSpec = (over: Partial<SimulationSpecInput>): SimulationSpecInput => ({
  data: { path: "unused.csv", label: "label", text: ["text"] },
  learner: { kind: "linear", epochs: 5 },
  buckets: 4096,
  // After every 3rd word: one token at the end of a 12-word text is too faint for 5 epochs.
  campaign: {
    goal: "plant",
    target: "ham",
    signal: { kind: "text", token: "zq", placement: "every", every: 3 },
  },
  alphas: [0, 0.2],
  seeds: 2,
  ...over,
});

describe("linear learner on text", () => {
  const table = texts(500, 3);

  it("success on others rises with alpha and falls with DP noise", async () => {
    const plain = await runSimulation(textSpec({ alphas: [0, 0.05, 0.2] }), { table, workers: 0 });
    const others = plain.points.map((p) => p.successOnOthers.mean);
    expect(others[0]).toBeLessThan(0.2);
    expect(others[2]).toBeGreaterThan((others[0] ?? 0) + 0.6);
    expect(others[2]).toBeGreaterThanOrEqual(others[1] ?? 0);
    expect(plain.points[0]?.cleanAccuracy.mean).toBeGreaterThan(0.9);
    // Target the minority label for the DP comparison: a model drowned in noise predicts the
    // majority label everywhere, which would count as "success" for a majority target.
    const toSpam = {
      goal: "plant" as const,
      target: "spam",
      signal: { kind: "text" as const, token: "zq", placement: "every" as const, every: 3 },
    };
    // Same clipping, noise 0 vs 2: only the noise differs, and the model stays accurate.
    // Optimiser and batch are pinned so the check does not hang on the learners' defaults.
    const dpRun = (sigma: number) =>
      runSimulation(
        textSpec({
          alphas: [0.05],
          seeds: 3,
          campaign: toSpam,
          learner: {
            kind: "linear",
            epochs: 5,
            optimizer: "sgd",
            batchSize: 32,
            dp: { clip: 0.5, noiseMultiplier: sigma, delta: 1e-5 },
          },
        }),
        { table, workers: 0 },
      );
    const quiet = (await dpRun(0)).points[0];
    const dp = await dpRun(2);
    const noisy = dp.points[0];
    // Measured: 0.37 without noise, 0.17 with sigma = 2 (accuracy 0.97); 0.54 and 0.18 when the
    // training rows were read in sorted order (3 seeds: the noise-free figure varies by draw).
    expect(noisy?.cleanAccuracy.mean).toBeGreaterThan(0.9);
    expect(noisy?.successOnOthers.mean).toBeLessThan((quiet?.successOnOthers.mean ?? 0) - 0.15);
    expect(dp.privacy?.epsilon).toBeGreaterThan(0);
  });

  it("variants split the signal: K tokens cost success at the same alpha", async () => {
    const run = (variants?: string[]) =>
      runSimulation(
        textSpec({
          alphas: [0.05],
          seeds: 3,
          campaign: {
            goal: "plant",
            target: "ham",
            signal: { kind: "text", token: "zq", placement: "every", every: 3 },
            ...(variants !== undefined ? { variants } : {}),
          },
        }),
        { table, workers: 0 },
      );
    const one = (await run()).points[0]?.successOnOthers.mean ?? 0;
    const four = (await run(["zq", "qxz", "vq", "jqx"])).points[0]?.successOnOthers.mean ?? 0;
    // Measured 0.93 with one token and 0.58 with four (linear, SGD defaults).
    expect(four).toBeLessThan(one - 0.2);
  });

  it("gives identical numbers with 0, 1 and 2 workers, reports progress and can be cancelled", async () => {
    const spec = textSpec({ alphas: [0, 0.1], seeds: 2 });
    const seen: number[] = [];
    const r0 = await runSimulation(spec, {
      table,
      workers: 0,
      onProgress: (p) => seen.push(p.done),
    });
    const r1 = await runSimulation(spec, { table, workers: 1 });
    const r2 = await runSimulation(spec, { table, workers: 2 });
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(r1.points).toEqual(r0.points);
    expect(r2.points).toEqual(r0.points);
    const controller = new AbortController();
    const run = runSimulation(spec, {
      table,
      workers: 2,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(run).rejects.toThrow(/cancel|abort/i);
    const inProcess = new AbortController();
    const local = runSimulation(spec, {
      table,
      workers: 0,
      signal: inProcess.signal,
      onProgress: () => inProcess.abort(),
    });
    await expect(local).rejects.toThrow(/cancel|abort/i);
  });
});

describe("a reusable worker pool", () => {
  it("runs several simulations with the same numbers as in-process, survives a cancel", async () => {
    const table = texts(300, 9);
    const spec = textSpec({ alphas: [0, 0.1], seeds: 2 });
    const other = textSpec({ alphas: [0.05], seeds: 1 });
    const pool = createSimulationPool({ workers: 2 });
    try {
      const a = await runSimulation(spec, { table, pool });
      const b = await runSimulation(other, { table, pool });
      const controller = new AbortController();
      const cancelled = runSimulation(spec, {
        table,
        pool,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      });
      await expect(cancelled).rejects.toThrow(/cancel|abort/i);
      const again = await runSimulation(spec, { table, pool });
      expect(a.points).toEqual((await runSimulation(spec, { table, workers: 0 })).points);
      expect(b.points).toEqual((await runSimulation(other, { table, workers: 0 })).points);
      expect(again.points).toEqual(a.points);
    } finally {
      await pool.close();
    }
  });
});

describe("other goals", () => {
  it("fairness on the gig-work sample reports parity gaps", async () => {
    const table = await loadSample("gig-work");
    const r = await runSimulation(
      {
        data: {
          sample: "gig-work",
          label: "label",
          text: ["bio"],
          categorical: ["city", "vehicle", "group"],
          numeric: ["hours", "rating"],
          group: "group",
        },
        learner: { kind: "linear", epochs: 5 },
        buckets: 4096,
        campaign: { goal: "fairness", minority: "b", method: "label" },
        alphas: [0, 0.1],
        seeds: 2,
      },
      { table, workers: 0 },
    );
    const [before, after] = r.points;
    expect(before?.fairness?.favorable).toBe("accepted");
    // Half the minority relabeling cuts the parity gap (~0.36 -> ~0.17 when measured).
    expect(after?.fairness?.demographicParityDiff.mean).toBeLessThan(
      (before?.fairness?.demographicParityDiff.mean ?? 0) - 0.1,
    );
  });

  it("the spec fills defaults and rejects bad input with paths", () => {
    const parsed = simulationSpecSchema.parse(textSpec({}));
    expect(parsed.testFraction).toBe(0.2);
    const bad = simulationSpecSchema.safeParse({
      ...textSpec({}),
      alphas: [2],
      learner: { kind: "svm" },
    });
    expect(bad.success).toBe(false);
    if (!bad.success)
      expect(bad.error.issues.map((i) => i.path.join("."))).toEqual(
        expect.arrayContaining(["alphas.0", "learner.kind"]),
      );
  });
});

describe("built-in samples", () => {
  it("lists samples with schemas that validate against their tables", async () => {
    const names = listSamples().map((s) => s.name);
    expect(names).toEqual(["spam-assassin", "gig-work"]);
    const spam = await loadSample("spam-assassin");
    expect(spam.rows).toHaveLength(6046);
    expect(new Set(spam.rows.map((r) => r.label))).toEqual(new Set(["spam", "ham"]));
    expect(spam.rows.filter((r) => r.label === "spam")).toHaveLength(1896);
    const gig = await loadSample("gig-work");
    expect(gig.rows).toHaveLength(2000);
    expect(gig.columns).toEqual(["city", "vehicle", "hours", "rating", "bio", "group", "label"]);
    await expect(loadSample("nope")).rejects.toThrow(/unknown sample/);
  });
});

describe("what the campaign changes: the measure, its baseline and lift (science.md 3.5)", () => {
  // P(yes) = 0.7 overall: 70% of rows are already at the target. The signal cell ("s", 10%
  // of rows) is 30% yes, so before the collective flips it every signalled row says "no".
  const table = discrete(10000, 0.1, 0.4, 0.7);
  const spec = bayesSpec({ alphas: [0, 0.01, 0.06], seeds: 3, targetSuccess: 0.9 });

  it("reports the share to change, the lift over alpha 0 paired by seed, and a bound on the same rows", async () => {
    const r = await runSimulation(spec, { table, workers: 0 });
    const [zero, small, big] = r.points;
    if (!zero || !small || !big) throw new Error("missing points");
    const c = zero.changeShare ?? 0;
    // The share to change is the test rows not already "yes": about 0.3.
    expect(c).toBeGreaterThan(0.27);
    expect(c).toBeLessThan(0.33);
    expect(zero.successOnOthers.mean).toBe(0);
    expect(small.lift).toEqual({ mean: 0, low: 0, high: 0 });
    expect(zero.lift).toEqual({ mean: 0, low: 0, high: 0 });
    // Past the flip (alpha > 0.0385) every signalled row says "yes": the lift is the whole 1.
    expect(big.successOnOthers.mean).toBe(1);
    expect(big.lift?.mean).toBe(1);
    expect(r.criticalMass?.simulated).toBe(0.06);
    // The guarantee restated on the rows to change: (bound - (1 - c)) / c, clamped at 0.
    for (const p of r.points) {
      const expected = Math.max(0, ((p.bound ?? 0) - (1 - c)) / c);
      expect(p.boundOnOthers).toBeCloseTo(expected, 9);
      expect(p.boundOnOthers ?? 0).toBeLessThanOrEqual(p.bound ?? 0);
    }
  });

  it("without alpha 0 in the grid there is no lift", async () => {
    const r = await runSimulation({ ...spec, alphas: [0.06] }, { table, workers: 0 });
    expect(r.points[0]?.lift).toBeUndefined();
  });
});

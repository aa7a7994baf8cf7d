import { describe, expect, it } from "vitest";
import {
  modelBand,
  pessimisticIndex,
  platformModelSpecs,
  runPlatformModels,
  simulationSpecSchema,
  type SimulationResult,
} from "@/ml/simulate";

const spec = simulationSpecSchema.parse({
  data: { sample: "gig-work", label: "label", text: ["bio"], categorical: ["city"] },
  learner: {
    kind: "fasttext",
    epochs: 3,
    learningRate: 0.5,
    dp: { clip: 1, noiseMultiplier: 1 },
  },
  platformModels: ["bayes", "fasttext", "linear"],
  campaign: {
    goal: "plant",
    strategy: "feature-label",
    target: "accepted",
    signal: { kind: "text", token: "zqx" },
  },
  alphas: [0, 0.02, 0.1],
  seeds: 2,
  targetSuccess: 0.6,
});

/** A result whose measure is `means` on the grid [0, 0.02, 0.1]. */
function result(means: number[], criticalMass: number | null): SimulationResult {
  const iv = (mean: number) => ({ mean, low: mean, high: mean });
  return {
    points: [0, 0.02, 0.1].map((alpha, i) => ({
      alpha,
      collectiveSize: 0,
      success: iv(means[i] ?? 0),
      successOnOthers: iv(means[i] ?? 0),
      cleanAccuracy: iv(0.9),
    })),
    audit: { xi: 0, delta: 0 },
    criticalMass: { targetSuccess: 0.6, simulated: criticalMass, theoretical: null },
    backend: "cpu",
    seconds: 1,
    interval: "t-95",
    runs: 6,
    nTrain: 100,
    nTest: 20,
  };
}

describe("platform model specs", () => {
  it("runs each ticked model in a fixed order, sharing what describes the platform only", () => {
    const specs = platformModelSpecs(spec);
    expect(specs.map((s) => s.kind)).toEqual(["linear", "fasttext", "bayes"]);
    const [linear, fasttext, bayes] = specs.map((s) => s.spec.learner);
    // The designed model keeps its own tuning; the others use their defaults.
    expect(fasttext).toMatchObject({ kind: "fasttext", learningRate: 0.5 });
    expect(linear).toEqual({ kind: "linear", epochs: 3, dp: spec.learner.dp });
    // The lookup model takes no gradient steps: DP-SGD does not apply.
    expect(bayes).toEqual({ kind: "bayes", epochs: 3 });
    for (const s of specs) expect(s.spec.platformModels).toBeUndefined();
  });

  it("a spec without platformModels is its learner alone", () => {
    const { platformModels: _p, ...single } = spec;
    expect(platformModelSpecs(single).map((s) => s.kind)).toEqual(["fasttext"]);
  });

  it("refuses a learner outside its platform models, an empty list and duplicates", () => {
    const bad = (platformModels: unknown) =>
      simulationSpecSchema.safeParse({ ...spec, platformModels }).success;
    expect(bad(["linear", "bayes"])).toBe(false);
    expect(bad([])).toBe(false);
    expect(bad(["fasttext", "fasttext"])).toBe(false);
    expect(bad(["fasttext", "svm"])).toBe(false);
    expect(bad(["fasttext"])).toBe(true);
  });
});

describe("the most pessimistic model", () => {
  it("is the one needing the largest collective; never reaching the target is the largest", () => {
    expect(pessimisticIndex([result([0, 0.7, 0.9], 0.02), result([0, 0.3, 0.8], 0.1)])).toBe(1);
    expect(pessimisticIndex([result([0, 0.1, 0.2], null), result([0, 0.3, 0.8], 0.1)])).toBe(0);
  });

  it("among models needing the same, is the lowest curve", () => {
    expect(pessimisticIndex([result([0, 0.5, 0.9], 0.1), result([0, 0.3, 0.7], 0.1)])).toBe(1);
    expect(pessimisticIndex([result([0, 0.1, 0.2], null), result([0, 0.2, 0.3], null)])).toBe(0);
  });

  it("the band spans the models' means at each alpha", () => {
    const band = modelBand([
      { kind: "linear", result: result([0.05, 0.7, 0.9], 0.02) },
      { kind: "fasttext", result: result([0.06, 0.3, 0.8], 0.1) },
    ]);
    expect(band.drivenBy).toBe("fasttext");
    expect(band.band).toEqual([
      { alpha: 0, low: 0.05, high: 0.06 },
      { alpha: 0.02, low: 0.3, high: 0.7 },
      { alpha: 0.1, low: 0.8, high: 0.9 },
    ]);
  });
});

describe("running a campaign against several platform models (real training)", () => {
  it("reports the pessimistic model's result with every model's curve, on the same splits", async () => {
    const steps: number[] = [];
    const two = simulationSpecSchema.parse({
      ...spec,
      learner: { kind: "bayes" },
      platformModels: ["linear", "bayes"],
    });
    const { result: r, drivenSpec } = await runPlatformModels(two, {
      workers: 0,
      onProgress: (p) => steps.push(p.done / p.total),
    });
    const band = r.platformModels;
    if (!band) throw new Error("no band");
    expect(band.models.map((m) => m.kind)).toEqual(["linear", "bayes"]);
    const driving = band.models.find((m) => m.kind === band.drivenBy);
    expect(drivenSpec.learner.kind).toBe(band.drivenBy);
    // The headline result is the driving model's own curve.
    expect(r.points.map((p) => p.successOnOthers)).toEqual(
      driving?.points.map((p) => p.successOnOthers),
    );
    for (const b of band.band) expect(b.low).toBeLessThanOrEqual(b.high);
    const need = (m: (typeof band.models)[number]) => m.criticalMass ?? Infinity;
    for (const m of band.models) expect(need(m)).toBeLessThanOrEqual(need(driving!));
    // Progress counts both models' runs, ending at 100%.
    expect(steps).toHaveLength(2 * 3 * 2);
    expect(steps.at(-1)).toBe(1);
  }, 120_000);
});

import { describe, expect, it } from "vitest";
import { createRng, deriveSeed, shuffled } from "@/core/random";
import { controlNoiseFloor, runSteerSweep, type SteerSpec } from "@/ml/steer";
import { runControl } from "@/ml/steer/control";
import { prepareSteer } from "@/ml/steer/prepare";
import { currentModel } from "@/ml/steer/run-one";
import { lineSpec, lineTable } from "./fixtures";

// The closed form: step 0.1, pull B 0.5, clip C 2, R0 1, batch 1, one parameter:
// r = 1 - 0.1 * 0.5 = 0.95; without noise ||e_T|| = 0.95^T; with sigma 1 the floor is
// (0.1 * 1 * 2 / 1)^2 / (1 - 0.95^2) = 0.04 / 0.0975 = 0.41026 (T = 200: r^400 ~ 1e-9).
const floor = (sigma: number, steps: number) =>
  controlNoiseFloor({
    learningRate: 0.1,
    pull: 0.5,
    noiseMultiplier: sigma,
    clip: 2,
    batchSize: 1,
    dim: 1,
    initialDistance: 1,
    steps,
  });

// y = x exactly: the platform's model is 1, the target 2, so R0 = 1; alpha = 1: every row is a
// member, so each step is exactly the controlled step.
const table = lineTable(200, 3, 0);
const controlSpec = (sigma: number, steps: number, over: Partial<SteerSpec> = {}): SteerSpec =>
  lineSpec({
    learner: {
      kind: "least-squares",
      intercept: false,
      solver: "sgd",
      learningRate: 0.1,
      batchSize: 1,
      steps,
      ...(sigma > 0 ? { dp: { clip: 2, noiseMultiplier: sigma } } : {}),
    },
    campaign: {
      goal: "steer",
      target: { weights: { x: 2 } },
      bounds: { x: [-1, 1], y: [-11, 11] },
      strategy: "control",
      control: { pull: 0.5 },
      tolerance: 0.25,
    },
    alphas: [1],
    ...over,
  });

describe("gradient control (closed form)", () => {
  it("the noise floor formula: 0.95^T without noise, 0.410 with sigma 1 at T = 200", () => {
    expect(Math.sqrt(floor(0, 50))).toBeCloseTo(0.95 ** 50, 12);
    expect(0.95 ** 50).toBeCloseTo(0.0769, 4);
    expect(floor(1, 200)).toBeCloseTo(0.04 / 0.0975, 6);
    expect(floor(1, 200)).toBeCloseTo(0.41, 2);
  });

  it("without noise the controlled SGD contracts by exactly 0.95 a step", async () => {
    const result = await runSteerSweep(controlSpec(0, 50, { seeds: 2 }), table);
    const point = result.points[0];
    expect(point?.parameterDistance.mean).toBeCloseTo(0.95 ** 50, 9);
    expect(point?.regimes.exact).toBe(1);
    expect(result.noiseFloor?.expectedSquaredDistance).toBeCloseTo(0.95 ** 100, 12);
  });

  it("with sigma 1 and T 200 the mean squared distance over seeds is the floor, 0.410", () => {
    const spec = controlSpec(1, 200);
    const model = prepareSteer(spec, table);
    const n = table.rows.length;
    const nTest = Math.round(spec.testFraction * n);
    let sum = 0;
    const seeds = 400;
    for (let s = 0; s < seeds; s++) {
      const order = shuffled(
        Array.from({ length: n }, (_, i) => i),
        createRng(deriveSeed(7, "split", s)),
      );
      const train = order.slice(nTest);
      const init = currentModel(model, train);
      const theta = runControl(model, train, train.length, init, createRng(deriveSeed(7, s))).theta;
      sum += ((theta[0] ?? 0) - 2) ** 2;
    }
    // Squared error of a N(0, 0.41) draw has sd 0.58: 400 seeds give a standard error of 0.029.
    expect(Math.abs(sum / seeds - 0.41026)).toBeLessThan(0.09);
  });

  it("success falls as sigma grows, and so does epsilon", async () => {
    const runs = [];
    for (const sigma of [0.25, 1, 4])
      runs.push(await runSteerSweep(controlSpec(sigma, 200, { seeds: 60 }), table));
    const success = runs.map((r) => r.points[0]?.success.mean ?? 0);
    const epsilon = runs.map((r) => r.privacy?.epsilon ?? 0);
    expect(success[0]).toBeGreaterThan(success[1] ?? 1);
    expect(success[1]).toBeGreaterThan(success[2] ?? 1);
    expect(epsilon[0]).toBeGreaterThan(epsilon[1] ?? Infinity);
    expect(epsilon[1]).toBeGreaterThan(epsilon[2] ?? Infinity);
    expect(runs[1]?.noiseFloor?.expectedSquaredDistance).toBeCloseTo(0.41026, 4);
  });

  it("a collective of half the rows still steers the expected step", async () => {
    // Members pull twice as hard to make up for the base rows' steps; a batch of one is either
    // kind, so the batch's sampling noise remains.
    const result = await runSteerSweep(controlSpec(0, 200, { alphas: [0, 0.5], seeds: 3 }), table);
    const [none, half] = result.points;
    expect(none?.parameterDistance.mean).toBeCloseTo(1, 1);
    expect(half?.parameterDistance.mean).toBeLessThan(0.5);
  });
});

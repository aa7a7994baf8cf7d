import { describe, expect, it } from "vitest";
import { generateGigPay, runSteerSweep, steerSpecSchema } from "@/ml/steer";
import { lossHessian } from "@/ml/steer/learner";
import { designOf } from "@/ml/steer/numeric-data";
import { gradientOfPoints } from "@/ml/steer/plan";
import { planTowards } from "@/ml/steer/plan-path";
import { ownPoint, prepareSteer } from "@/ml/steer/prepare";
import { meanGradient } from "@/ml/steer/theory";
import { lineSpec, lineTable, logisticTable } from "./fixtures";

const paySpec = (over: object = {}) =>
  steerSpecSchema.parse({
    data: { sample: "gig-pay", label: "pay", numeric: ["distance_km", "waiting_minutes", "hours"] },
    learner: { kind: "least-squares" },
    campaign: {
      goal: "steer",
      target: { weights: { waiting_minutes: 0.25 } },
      bounds: { distance_km: [0, 150], waiting_minutes: [0, 240], pay: [0, 400] },
    },
    alphas: [0, 0.05, 0.2],
    seeds: 2,
    ...over,
  });

describe("steering sweeps", () => {
  it("every member's point is within the bounds and the exact plan cancels the base gradient", () => {
    const table = generateGigPay(800);
    const model = prepareSteer(paySpec(), table);
    const n = model.records.n;
    for (const alpha of [0.01, 0.05, 0.3]) {
      const m = Math.round(alpha * n);
      const base = designOf(
        model.records,
        Array.from({ length: n - m }, (_, i) => m + i),
        true,
      );
      const own = Array.from({ length: m }, (_, i) => ownPoint(model.records, i));
      const needAt = (theta: Float64Array) =>
        meanGradient(model.fb, theta, base.x, base.y, base.n).map((v) => -v * base.n);
      const plan = planTowards(
        model.fb,
        own,
        model.baseFit,
        model.thetaStar,
        needAt,
        lossHessian("least-squares", model.thetaStar, base),
      );
      plan.points.forEach((p, i) => {
        expect(p[0]).toBeGreaterThanOrEqual(0);
        expect(p[0]).toBeLessThanOrEqual(150);
        expect(p[1]).toBeGreaterThanOrEqual(0);
        expect(p[1]).toBeLessThanOrEqual(240);
        expect(p[2]).toBe(own[i]?.[2]); // hours has no bounds: the member's own value
        expect(p[3]).toBeGreaterThanOrEqual(0);
        expect(p[3]).toBeLessThanOrEqual(400);
      });
      if (plan.regime === "exact") {
        const sum = gradientOfPoints(model.fb, model.thetaStar, plan.points);
        const need = needAt(model.thetaStar);
        sum.forEach((v, j) => expect(v).toBeCloseTo(need[j] ?? 0, 3));
      }
    }
  });

  it("is deterministic: the same spec and seed give the same numbers", async () => {
    const table = generateGigPay(400);
    const a = await runSteerSweep(paySpec(), table);
    const b = await runSteerSweep(paySpec(), table);
    expect({ ...a, seconds: 0 }).toEqual({ ...b, seconds: 0 });
    const other = await runSteerSweep(paySpec({ seed: 1 }), table);
    expect(other.points[1]?.weights).not.toEqual(a.points[1]?.weights);
  });

  it("a prediction target moves the base fit the least and the collective reaches it", async () => {
    const table = lineTable(2000, 2);
    const spec = lineSpec({
      learner: { kind: "least-squares", intercept: true },
      campaign: {
        goal: "steer",
        target: { prediction: { profile: { x: 1 }, value: 3 } },
        bounds: { x: [-2, 2], y: [-20, 20] },
      },
      alphas: [0, 0.3],
      seeds: 2,
    });
    const result = await runSteerSweep(spec, table);
    // The profile's design row is (1, 1): the smallest change adds (3 - f(1)) / 2 to both.
    const base = result.baseFit;
    const step = (3 - ((base.weights.x ?? 0) + (base.intercept ?? 0))) / 2;
    expect(result.target.weights.x).toBeCloseTo((base.weights.x ?? 0) + step, 10);
    expect(result.target.intercept).toBeCloseTo((base.intercept ?? 0) + step, 10);
    expect(result.target.prediction).toBeCloseTo(3, 10);
    expect(result.points[0]?.prediction?.mean).toBeCloseTo(1, 1);
    expect(result.points[1]?.prediction?.mean).toBeCloseTo(3, 6);
  });

  it("steering a logistic model moves the weight towards the target as the collective grows", async () => {
    const spec = steerSpecSchema.parse({
      data: { path: "x.csv", label: "y", numeric: ["a", "b"] },
      learner: { kind: "logistic", positive: "yes" },
      campaign: {
        goal: "steer",
        target: { weights: { b: 0.5 } },
        bounds: { a: [-3, 3], b: [-3, 3], y: [0, 1] },
      },
      alphas: [0, 0.05, 0.15, 0.4],
      seeds: 2,
    });
    const result = await runSteerSweep(spec, logisticTable(1500));
    const b = result.points.map((p) => p.weights.b?.mean ?? 0);
    expect(b[0]).toBeLessThan(-0.4);
    for (let i = 1; i < b.length; i++) expect(b[i]).toBeGreaterThan(b[i - 1] ?? Infinity);
    expect(Math.abs((b[3] ?? 0) - 0.5)).toBeLessThan(0.05);
    // The projected alpha_crit is a lower bound on what the plan needs with two fields.
    expect(result.criticalMass.planned).toBeGreaterThan(result.criticalMass.theoretical ?? 1);
  });

  it("names the cell of bad data", async () => {
    const table = lineTable(50);
    const broken = { ...table, rows: table.rows.map((r, i) => (i === 4 ? { ...r, x: "n/a" } : r)) };
    await expect(runSteerSweep(lineSpec(), broken)).rejects.toThrow(
      'non-numeric value "n/a" in column "x" at data row 5',
    );
  });
});

describe("steering a platform that trains by DP-SGD", () => {
  const table = lineTable(2000);
  const sgd = (dp?: { clip: number; noiseMultiplier: number }) =>
    lineSpec({
      learner: {
        kind: "least-squares",
        intercept: false,
        solver: "sgd",
        epochs: 5,
        batchSize: 32,
        ...(dp !== undefined ? { dp } : {}),
      },
      alphas: [0.2],
      seeds: 2,
    });

  it("SGD lands where the exact fit does; clipping caps each member's push, so more are needed", async () => {
    const plain = await runSteerSweep(sgd(), table);
    expect(Math.abs((plain.points[0]?.weights.x?.mean ?? 0) - 2)).toBeLessThan(0.05);
    expect(plain.privacy).toBeUndefined();
    const clipped = await runSteerSweep(sgd({ clip: 3, noiseMultiplier: 1 }), table);
    // C = min(9, clip 3); the clipped base gradient is smaller too: alpha_crit > 0.2.
    expect(clipped.criticalMass.maxPush).toBe(3);
    expect(clipped.criticalMass.theoretical).toBeGreaterThan(0.2);
    expect(clipped.points[0]?.weights.x?.mean).toBeLessThan(1.8);
    expect(clipped.privacy?.epsilon).toBeGreaterThan(0);
    expect(clipped.privacy?.delta).toBe(1e-5);
  });
});

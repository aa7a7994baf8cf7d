import { describe, expect, it } from "vitest";
import {
  alphaEffective,
  criticalMass,
  dpNoiseFloor,
  erasureBound,
  featureOnlyBound,
  featureOnlyCriticalMass,
  gradientCriticalAlpha,
  jttAlphaEffective,
  leastSquaresMixture1D,
  membersNeeded,
  mixtureBound,
  mixtureGap,
  plantingBound,
  suboptimalDelta,
} from "@/ml/theory";
import { createRng } from "@/core/random";

describe("planting bound", () => {
  it("matches the closed form", () => {
    expect(plantingBound(0.1, 0.5, 0.02)).toBeCloseTo(1 - 9 * 0.01, 12);
    expect(plantingBound(0.01, 0.5, 0.02)).toBeCloseTo(0.01, 12);
    expect(plantingBound(0.001, 0.5, 0.02)).toBe(0);
  });
  it("a unique signal succeeds for any alpha > 0 and nothing is promised at 0", () => {
    expect(plantingBound(1e-6, 0.7, 0)).toBe(1);
    expect(plantingBound(0, 0.7, 0)).toBe(0);
  });
  it("critical mass reaches the target success exactly", () => {
    const a = criticalMass(0.9, 0.4, 0.05);
    expect(a).toBeCloseTo(0.02 / (0.1 + 0.02), 12);
    expect(plantingBound(a, 0.4, 0.05)).toBeCloseTo(0.9, 9);
    expect(criticalMass(0.9, 0.4, 0)).toBe(0);
  });
  it("eps-suboptimal learners widen the gap", () => {
    expect(suboptimalDelta(0.5, 0)).toBe(0.5);
    expect(suboptimalDelta(0.5, 0.1)).toBeCloseTo(0.45 + 0.2, 12);
  });
});

describe("feature-only", () => {
  it("uses the effective mass alpha * pi*", () => {
    expect(featureOnlyBound(0.2, 0.5, 0.5, 0.02)).toBeCloseTo(plantingBound(0.1, 0.5, 0.02), 12);
    expect(featureOnlyCriticalMass(0.9, 0.25, 0.4, 0.05)).toBeCloseTo(
      criticalMass(0.9, 0.4, 0.05) * 4,
      12,
    );
  });
});

describe("erasure and mixture bounds", () => {
  it("erasure matches the closed form", () => {
    expect(erasureBound(0.2, 0.01)).toBeCloseTo(1 - 4 * 0.01, 12);
    expect(erasureBound(0, 0.01)).toBe(0);
  });
  it("mixture gap and bound", () => {
    const gap = mixtureGap(
      [
        { a: 0.02, b: 0.01 },
        { a: 0.0, b: 0.03, c: 0.01 },
      ],
      "a",
    );
    expect(gap).toBeCloseTo(0 + 0.03, 12);
    expect(mixtureBound(0.1, [{ beta: 0.9, gap: 0.03 }])).toBeCloseTo(1 - 0.27, 12);
    // With only the base distribution as competitor it is the planting bound.
    expect(mixtureBound(0.1, [{ beta: 0.9, gap: 0.5 * 0.02 }])).toBeCloseTo(
      plantingBound(0.1, 0.5, 0.02),
      12,
    );
  });
});

describe("reweighting", () => {
  it("JTT: alpha=0.01, lambda=20, e0=0.1 gives ~0.065", () => {
    expect(jttAlphaEffective(0.01, 20, 0.1)).toBeCloseTo(0.2 / (0.2 + 0.99 * 2.9), 12);
    expect(jttAlphaEffective(0.01, 20, 0.1)).toBeCloseTo(0.065, 3);
    expect(alphaEffective(0.3, 1, 1)).toBeCloseTo(0.3, 12);
  });
});

describe("gradient control", () => {
  it("1-D least squares: alpha = 0.1 at (1, 11) lands on theta* = 2", () => {
    expect(leastSquaresMixture1D(0.1, { x: 1, y: 11 })).toBeCloseTo(2, 12);
    // The critical alpha formula agrees: g0(2) = E[(2x - y)x] = 1, member gradient |2 - 11| = 9.
    expect(gradientCriticalAlpha(1, 9)).toBeCloseTo(0.1, 12);
  });
  it("the closed form matches least squares on sampled data", () => {
    const rng = createRng(7);
    const n = 20000;
    const m = Math.round(0.1 * n);
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < n - m; i++) {
      const x = rng.normal();
      const y = x + 0.5 * rng.normal();
      sxy += x * y;
      sxx += x * x;
    }
    sxy += m * 11;
    sxx += m;
    expect(sxy / sxx).toBeCloseTo(2, 1);
  });
});

describe("DP noise floor", () => {
  it("matches a Monte Carlo run of noisy gradient descent on a quadratic", () => {
    const p = { r0: 3, eta: 0.1, curvature: 1, sigma: 1, clip: 2, batchSize: 4, dim: 3, steps: 30 };
    const rng = createRng(11);
    const trials = 4000;
    let total = 0;
    const scale = (p.eta * p.sigma * p.clip) / p.batchSize;
    for (let t = 0; t < trials; t++) {
      const e = [p.r0, 0, 0];
      for (let s = 0; s < p.steps; s++) {
        for (let k = 0; k < p.dim; k++)
          e[k] = (1 - p.eta * p.curvature) * (e[k] ?? 0) + scale * rng.normal();
      }
      total += e.reduce((acc, v) => acc + v * v, 0);
    }
    const expected = dpNoiseFloor(p);
    expect(Math.abs(total / trials - expected) / expected).toBeLessThan(0.05);
  });
});

describe("recruitment", () => {
  it("counts members still needed", () => {
    expect(membersNeeded(0.02, 10000, 150)).toBe(50);
    expect(membersNeeded(0.02, 10000, 500)).toBe(0);
  });
});

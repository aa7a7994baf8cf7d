import { describe, expect, it } from "vitest";
import { runSteerSweep } from "@/ml/steer";
import { lineSpec, lineTable } from "./fixtures";

// science.md 2.3: x ~ N(0,1), y = x + noise; members submitting (x = 1, y = 11) move the least
// squares slope to alpha * 11 + (1 - alpha) * 1 (both parts have E[x^2] = 1), so alpha = 0.1
// lands on 2: g0(2) = E[(2x - y) x] = 1 and C = max (y - 2x) x over the box = 11 - 2 = 9.
describe("steering 1-D least squares (closed form)", () => {
  const table = lineTable(5000);

  it("alpha_crit = ||g0|| / (C + ||g0||) = 0.1, the fit 1.5 at alpha 0.05, 2 at 0.1 and no overshoot above", async () => {
    const spec = lineSpec({ alphas: [0, 0.05, 0.1, 0.12, 0.2, 0.5], seeds: 2 });
    const result = await runSteerSweep(spec, table);
    expect(result.criticalMass.maxPush).toBeCloseTo(9, 10);
    expect(result.criticalMass.theoretical).toBeGreaterThan(0.09);
    expect(result.criticalMass.theoretical).toBeLessThan(0.11);
    // With one field the plan's own critical size is the closed form.
    expect(result.criticalMass.planned).toBeCloseTo(result.criticalMass.theoretical ?? 0, 2);
    const slope = (alpha: number) => result.points.find((p) => p.alpha === alpha)?.weights.x?.mean;
    expect(slope(0)).toBeCloseTo(1, 1);
    // The data's own E[x^2] and E[xy] differ from 1 by sampling error (~0.02): the
    // closed form alpha * 11 + (1 - alpha) * 1 holds to about that.
    expect(Math.abs((slope(0.05) ?? 0) - 1.5)).toBeLessThan(0.03);
    expect(Math.abs((slope(0.1) ?? 0) - 2)).toBeLessThan(0.03);
    for (const alpha of [0.12, 0.2, 0.5]) expect(slope(alpha)).toBeCloseTo(2, 8);
    const point = (alpha: number) => result.points.find((p) => p.alpha === alpha);
    expect(point(0.05)?.regimes.push).toBe(1);
    expect(point(0.2)?.regimes.exact).toBe(1);
    expect(point(0.2)?.success.mean).toBe(1);
    expect(point(0.05)?.success.mean).toBe(0);
    // Above the critical size members change less as the collective grows.
    expect(point(0.5)?.meanChange.mean).toBeLessThan(point(0.2)?.meanChange.mean ?? 0);
    expect(result.criticalMass.simulated).toBe(0.1);
  });

  it("matches the closed form with the data's own moments below the critical size", async () => {
    // Every member reports (1, 11) or (-1, -11): slope = (Sxy + 11 m) / (Sxx + m) over the
    // base rows' sums, exactly (the fit is least squares on base rows plus these points).
    const spec = lineSpec({ alphas: [0.05], seeds: 1 });
    const result = await runSteerSweep(spec, table);
    const slope = result.points[0]?.weights.x?.mean ?? 0;
    const theory = 0.05 * 11 + 0.95 * 1;
    expect(Math.abs(slope - theory)).toBeLessThan(0.03);
  });
});

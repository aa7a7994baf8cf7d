import { describe, expect, it } from "vitest";
import { createRng } from "@/core/random";
import { solveLabels } from "@/ml/steer/label-solve";
import { maxPush } from "@/ml/steer/max-push";
import type { MemberBox } from "@/ml/steer/member-box";

/** max over a fine grid of the box (edges included) of residual * (u · x), label at its ends. */
function bruteForce(theta: number[], u: number[], box: MemberBox, logistic: boolean): number {
  const N = 30;
  let best = -Infinity;
  for (let a = 0; a <= N; a++)
    for (let b = 0; b <= N; b++)
      for (let c = 0; c <= N; c++)
        for (const y of box.labelOptions) {
          const x = [a, b, c].map(
            (t, j) => (box.lo[j] ?? 0) + ((box.hi[j] ?? 0) - (box.lo[j] ?? 0)) * (t / N),
          );
          x.push(1);
          const p = x.reduce((s, v, j) => s + v * (theta[j] ?? 0), 0);
          const s = x.reduce((acc, v, j) => acc + v * (u[j] ?? 0), 0);
          const r = (logistic ? 1 / (1 + Math.exp(-p)) : p) - y;
          best = Math.max(best, r * s);
        }
  return best;
}

describe("the strongest push (max-push.ts)", () => {
  const box: MemberBox = {
    lo: Float64Array.from([0, 0, 0.5, 0]),
    hi: Float64Array.from([150, 240, 12, 400]),
    labelOptions: [0, 400],
  };

  it("is the exact maximum over the box for least squares, never below a fine grid", () => {
    const rng = createRng(11);
    const theta = [0.9, 0.25, 4, 0.1];
    for (let trial = 0; trial < 40; trial++) {
      const u = [rng.normal(), rng.normal(), rng.normal(), 100 * rng.normal()];
      const push = maxPush("least-squares", theta, u, box, [10, 10, 1, 10], true);
      const grid = bruteForce(theta, u, box, false);
      expect(push.value).toBeGreaterThanOrEqual(grid - 1e-9 * Math.abs(grid));
      // The reported value is the point's own push, and the point is in the box.
      const x = [...Array.from(push.point.subarray(0, 3)), 1];
      const p = x.reduce((s, v, j) => s + v * (theta[j] ?? 0), 0);
      const s = x.reduce((acc, v, j) => acc + v * (u[j] ?? 0), 0);
      expect((p - (push.point[3] ?? 0)) * s).toBeCloseTo(push.value, 6);
      push.point.forEach((v, j) => {
        expect(v).toBeGreaterThanOrEqual(box.lo[j] ?? 0);
        expect(v).toBeLessThanOrEqual(box.hi[j] ?? 0);
      });
    }
  });

  it("finds a maximum inside an edge, where box vertices alone fall short", () => {
    // One field, theta u < 0: f(x) = (x - y)(-x) with y = 0 is -x^2 + ... ; with y = 10 and
    // u = -1: (x - 10)(-x) = 10x - x^2, largest at x = 5, inside [0, 10].
    const one: MemberBox = {
      lo: Float64Array.from([0, 10]),
      hi: Float64Array.from([10, 10]),
      labelOptions: [10],
    };
    const push = maxPush("least-squares", [1], [-1], one, [0, 10], false);
    expect(push.point[0]).toBeCloseTo(5, 12);
    expect(push.value).toBeCloseTo(25, 12);
  });

  it("agrees with the grid for the logistic learner", () => {
    const rng = createRng(12);
    const unit: MemberBox = {
      lo: Float64Array.from([-3, -3, -3, 0]),
      hi: Float64Array.from([3, 3, 3, 1]),
      labelOptions: [0, 1],
    };
    for (let trial = 0; trial < 20; trial++) {
      const theta = [rng.normal(), rng.normal(), rng.normal(), rng.normal()];
      const u = [rng.normal(), rng.normal(), rng.normal(), rng.normal()];
      const push = maxPush("logistic", theta, u, unit, [0, 0, 0, 0], true);
      const grid = bruteForce(theta, u, unit, true);
      expect(push.value).toBeGreaterThanOrEqual(grid - 1e-6 * Math.abs(grid));
    }
  });

  it("breaks ties towards the member's own record", () => {
    // 1-D, theta* = 2, need along -1: (1, 11) and (-1, -11) both push 9.
    const line: MemberBox = {
      lo: Float64Array.from([-1, -11]),
      hi: Float64Array.from([1, 11]),
      labelOptions: [-11, 11],
    };
    expect(
      Array.from(maxPush("least-squares", [2], [-1], line, [-0.4, -0.3], false).point),
    ).toEqual([-1, -11]);
    expect(Array.from(maxPush("least-squares", [2], [-1], line, [0.4, 0.3], false).point)).toEqual([
      1, 11,
    ]);
  });
});

describe("the smallest label change (label-solve.ts)", () => {
  const rng = createRng(13);
  const m = 50;
  const d = 3;
  const x = Float64Array.from({ length: m * d }, (_, i) => (i % d === d - 1 ? 1 : rng.normal()));
  const b = Float64Array.from([3, -2, 5]);

  it("without bounds is the minimum-norm solution X (X^T X)^-1 b", () => {
    const lo = new Float64Array(m).fill(-1e9);
    const hi = new Float64Array(m).fill(1e9);
    const sol = solveLabels({ x, m, d, b, lo, hi });
    expect(sol).not.toBeNull();
    // X^T delta = b, and delta = X w (in the row space: the minimum norm).
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += (sol?.delta[i] ?? 0) * (x[i * d + j] ?? 0);
      expect(s).toBeCloseTo(b[j] ?? 0, 8);
    }
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (x[i * d + j] ?? 0) * (sol?.w[j] ?? 0);
      expect(sol?.delta[i]).toBeCloseTo(s, 10);
    }
  });

  it("respects the bounds, and says when the bounds cannot reach the need", () => {
    const lo = new Float64Array(m).fill(-0.5);
    const hi = new Float64Array(m).fill(0.5);
    const sol = solveLabels({ x, m, d, b, lo, hi });
    expect(sol).not.toBeNull();
    for (const v of sol?.delta ?? []) expect(Math.abs(v)).toBeLessThanOrEqual(0.5);
    expect(solveLabels({ x, m, d, b: b.map((v) => v * 100), lo, hi })).toBeNull();
  });
});

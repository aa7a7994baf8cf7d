import { describe, expect, it } from "vitest";
import { createFeaturizer, encodeLabels } from "@/ml/features";
import { computeEpsilon, computeEpsilonDetailed, rdpSampledGaussian, train } from "@/ml/learners";
import { createRng } from "@/core/random";
import { GaussianStream } from "@/ml/learners/gaussian";
import type { Dataset, Row } from "@/ml/types";

describe("RDP accountant (sampled Gaussian, Mironov et al. 2019)", () => {
  it("matches the published MNIST DP-SGD tutorial value (eps ~3.01)", () => {
    // TF Privacy tutorial: n = 60,000, batch 256, sigma 1.1, 60 epochs, delta 1e-5.
    const n = 60000;
    const q = 256 / n;
    const steps = Math.round((60 * n) / 256);
    const { epsilon, order } = computeEpsilonDetailed({
      q,
      noiseMultiplier: 1.1,
      steps,
      delta: 1e-5,
    });
    expect(epsilon).toBeGreaterThan(2.95);
    expect(epsilon).toBeLessThan(3.06);
    expect(order).toBeGreaterThan(2);
  });

  it("reduces to the Gaussian mechanism at q = 1", () => {
    expect(rdpSampledGaussian(1, 2, 10)).toBeCloseTo(10 / 8, 12);
    // Binomial expansion at q = 1 - 1e-12 agrees with the closed form.
    expect(rdpSampledGaussian(1 - 1e-12, 2, 10)).toBeCloseTo(10 / 8, 6);
  });

  it("is monotone: more noise, fewer steps or smaller q give smaller epsilon", () => {
    const base = { q: 0.01, noiseMultiplier: 1, steps: 1000, delta: 1e-5 };
    const e = computeEpsilon(base);
    expect(computeEpsilon({ ...base, noiseMultiplier: 2 })).toBeLessThan(e);
    expect(computeEpsilon({ ...base, steps: 100 })).toBeLessThan(e);
    expect(computeEpsilon({ ...base, q: 0.001 })).toBeLessThan(e);
    expect(computeEpsilon({ ...base, noiseMultiplier: 0 })).toBe(Infinity);
  });
});

/** A noisy toy task: "good"/"bad" decide the label among many filler words. */
function toy(n: number, seed: number): Row[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const pos = rng.next() < 0.5;
    const words = Array.from({ length: 8 }, () => `w${rng.int(200)}`);
    words.push(pos ? "good" : "bad");
    return { t: words.join(" "), y: pos ? "pos" : "neg" };
  });
}

function data(): { tr: Dataset; te: Dataset } {
  const f = createFeaturizer(
    { label: "y", text: ["t"], categorical: [], numeric: [] },
    { buckets: 1 << 12 },
  );
  const a = toy(400, 1);
  const b = toy(300, 2);
  f.fit(a);
  const ea = encodeLabels(a, "y");
  return {
    tr: { x: f.transform(a), y: ea.y, classes: ea.classes },
    te: { x: f.transform(b), y: encodeLabels(b, "y", ea.classes).y, classes: ea.classes },
  };
}

function accuracy(pred: Int32Array, y: Int32Array): number {
  let ok = 0;
  pred.forEach((p, i) => {
    if (p === y[i]) ok++;
  });
  return ok / y.length;
}

describe("GaussianStream (DP noise)", () => {
  it("draws seeded standard normals: moments and both tails match N(0,1)", () => {
    const n = 1_000_000;
    const a = new Float32Array(n);
    new GaussianStream(42).fill(a, 2);
    const b = new Float32Array(n);
    new GaussianStream(42).fill(b, 2);
    expect(b).toEqual(a);
    let mean = 0;
    for (const v of a) mean += v / n;
    let variance = 0;
    for (const v of a) variance += (v - mean) ** 2 / n;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(variance).toBeGreaterThan(3.97);
    expect(variance).toBeLessThan(4.03);
    // Two-sided tail masses P(|Z| > t); 3.6 lies beyond the ziggurat's base layer (3.44).
    const tails: [number, number][] = [
      [1, 0.3173],
      [2, 0.0455],
      [3, 0.0027],
      [3.6, 0.000318],
    ];
    for (const [t, p] of tails) {
      let above = 0;
      let below = 0;
      for (const v of a) {
        if (v > 2 * t) above++;
        if (v < -2 * t) below++;
      }
      expect((above + below) / n).toBeGreaterThan(p * 0.85);
      expect((above + below) / n).toBeLessThan(p * 1.15);
      expect(Math.abs(above - below) / (above + below)).toBeLessThan(0.2);
    }
  });
});

describe("DP-SGD", () => {
  const { tr, te } = data();

  it("reports the accountant's epsilon for the run's steps", async () => {
    const dp = { clip: 1, noiseMultiplier: 1.1, delta: 1e-5 };
    const res = await train({ kind: "linear", epochs: 2, batchSize: 40, dp }, tr, { seed: 1 });
    const steps = 2 * Math.round(400 / 40);
    expect(res.privacy?.delta).toBe(1e-5);
    expect(res.privacy?.epsilon).toBeCloseTo(
      computeEpsilon({ q: 40 / 400, noiseMultiplier: 1.1, steps, delta: 1e-5 }),
      10,
    );
    const none = await train({ kind: "linear", epochs: 2 }, tr, { seed: 1 });
    expect(none.privacy).toBeUndefined();
  });

  it("noise lowers accuracy compared with no noise (linear and mlp)", async () => {
    for (const kind of ["linear", "mlp"] as const) {
      const spec = {
        kind,
        epochs: 5,
        batchSize: 40,
        hidden: 8,
        ...(kind === "mlp" ? { learningRate: 0.05 } : {}),
      };
      const clean = await train({ ...spec, dp: { clip: 1, noiseMultiplier: 0, delta: 1e-5 } }, tr, {
        seed: 1,
      });
      const noisy = await train(
        { ...spec, dp: { clip: 1, noiseMultiplier: 20, delta: 1e-5 } },
        tr,
        { seed: 1 },
      );
      const a0 = accuracy(clean.model.predict(te.x), te.y);
      const a1 = accuracy(noisy.model.predict(te.x), te.y);
      expect(a0).toBeGreaterThan(0.85);
      expect(a1).toBeLessThan(a0 - 0.1);
      expect(noisy.privacy?.epsilon).toBeLessThan(1);
    }
  });

  it("refuses DP for bayes rather than training without it", async () => {
    await expect(
      train({ kind: "bayes", dp: { clip: 1, noiseMultiplier: 1, delta: 1e-5 } }, tr, { seed: 1 }),
    ).rejects.toThrow(/bayes/);
  });

  it("composes the privacy cost of both JTT fits", async () => {
    const dp = { clip: 1, noiseMultiplier: 1.1, delta: 1e-5 };
    const one = await train({ kind: "linear", epochs: 1, batchSize: 40, dp }, tr, { seed: 1 });
    const two = await train(
      { kind: "linear", epochs: 1, batchSize: 40, dp, reweight: { kind: "jtt", lambda: 5 } },
      tr,
      { seed: 1 },
    );
    expect(two.privacy?.epsilon ?? 0).toBeGreaterThan(one.privacy?.epsilon ?? Infinity);
  });
});

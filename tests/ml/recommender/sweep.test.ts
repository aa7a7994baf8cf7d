import { describe, expect, it } from "vitest";
import {
  generateSyntheticPlaylists,
  runSequenceSimulation,
  sequenceSpecSchema,
  type SequenceSimulationResult,
  type SequenceSpecInput,
} from "@/ml/recommender";
import { formatSpecIssues } from "@/ml/simulate/spec";

// Small and quick: 3,000 synthetic playlists, a next-item model, top 10, seeds of 10 tracks.
const sequences = generateSyntheticPlaylists({ sequences: 3000, seed: 0 });
const spec = (strategy: "dirlof" | "inclust" | "random" | "end"): SequenceSpecInput => ({
  data: { kind: "sequences", sample: "synthetic-playlists", sequences: 3000 },
  learner: { kind: "cooccurrence" },
  campaign: { goal: "promote", item: "our-song", strategy },
  topK: 10,
  seedLength: 10,
  testFraction: 0.3,
  alphas: [0, 0.005],
  seeds: 5,
});

function withoutTimes(r: SequenceSimulationResult) {
  const { seconds: _s, trainSeconds: _t, evaluateSeconds: _e, ...rest } = r;
  return rest;
}

describe("recommender sweep", () => {
  it("dirlof beats random and end at a small alpha (0.5% of playlists)", async () => {
    const run = (s: "dirlof" | "random" | "end") =>
      runSequenceSimulation(spec(s), { sequences }).then((r) => r.points[1]);
    const [dirlof, random, end] = await Promise.all([run("dirlof"), run("random"), run("end")]);
    expect(dirlof?.collectiveSize).toBe(11);
    const rec = (p: typeof dirlof) => p?.targetRecommendations.mean ?? 0;
    expect(rec(dirlof)).toBeGreaterThan(2 * rec(random));
    expect(rec(dirlof)).toBeGreaterThan(2 * rec(end));
    expect(dirlof?.amplification.mean).toBeGreaterThan(2 * (random?.amplification.mean ?? 0));
    // The paper's measure: far more than an ordinary track with the same training count.
    expect(dirlof?.amplificationVsPeers.mean).toBeGreaterThan(2);
  });

  it("reports every point with mean and 95% band, alpha 0 as no campaign, and the side effect", async () => {
    const progress: number[] = [];
    const r = await runSequenceSimulation(
      { ...spec("dirlof"), targetAmplification: 0.5 },
      { sequences, onProgress: (p) => progress.push(p.done) },
    );
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(r).toMatchObject({
      kind: "sequences",
      isNewItem: true,
      nTrain: 2100,
      nTest: 900,
      runs: 10,
    });
    const [zero, small] = r.points;
    expect(zero).toMatchObject({ alpha: 0, collectiveSize: 0, targetShare: 0 });
    expect(zero?.targetRecommendations).toEqual({ mean: 0, low: 0, high: 0 });
    for (const key of ["amplification", "targetRecommendations", "ndcg"] as const) {
      const band = small?.[key];
      expect(band?.low).toBeLessThanOrEqual(band?.mean ?? -1);
      expect(band?.high).toBeGreaterThanOrEqual(band?.mean ?? 2);
    }
    // One new track in 11 playlists barely moves the platform's quality.
    expect(Math.abs((small?.ndcg.mean ?? 0) - (zero?.ndcg.mean ?? 0))).toBeLessThan(0.002);
    expect(r.criticalMass?.amplification).toMatchObject({ target: 0.5, alpha: 0.005 });
  });

  it("is deterministic: the same spec gives the same numbers", async () => {
    const a = await runSequenceSimulation(spec("random"), { sequences });
    const b = await runSequenceSimulation(spec("random"), { sequences });
    expect(withoutTimes(a)).toEqual(withoutTimes(b));
  });

  it("a second collective promotes its own item in other playlists", async () => {
    const r = await runSequenceSimulation(
      {
        ...spec("dirlof"),
        seeds: 2,
        others: [{ alpha: 0.01, campaign: { goal: "promote", item: "rival", strategy: "dirlof" } }],
      },
      { sequences },
    );
    const other = r.points[1]?.others?.[0];
    expect(other).toMatchObject({ item: "rival", collectiveSize: 21 });
    expect(other?.targetRecommendations.mean).toBeGreaterThan(0);
    // At alpha 0 the rival still acts.
    expect(r.points[0]?.others?.[0]?.collectiveSize).toBe(21);
  });

  it("stops when aborted", async () => {
    const controller = new AbortController();
    const running = runSequenceSimulation(spec("end"), {
      sequences,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(running).rejects.toMatchObject({ name: "AbortError" });
  });

  it("a bad spec names the field", () => {
    const bad = sequenceSpecSchema.safeParse({
      data: { kind: "sequences", sample: "synthetic-playlists", path: "x.csv" },
      campaign: { goal: "promote", item: "s", strategy: "loudest" },
      alphas: [2],
      others: [{ alpha: 0.1, campaign: { goal: "promote", item: "s" } }],
    });
    expect(bad.success).toBe(false);
    const lines = bad.success ? [] : formatSpecIssues(bad.error);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^campaign\.strategy: /),
        expect.stringMatching(/^alphas\.0: /),
      ]),
    );
    const refined = sequenceSpecSchema.safeParse({
      data: { kind: "sequences", sample: "synthetic-playlists", path: "x.csv" },
      campaign: { goal: "promote", item: "s" },
      others: [{ alpha: 0.1, campaign: { goal: "promote", item: "s" } }],
    });
    const refinedLines = refined.success ? [] : formatSpecIssues(refined.error);
    expect(refinedLines).toEqual(
      expect.arrayContaining(["data.path: give exactly one of data.path or data.sample"]),
    );
  });
});

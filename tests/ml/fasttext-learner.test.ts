import { describe, expect, it } from "vitest";
import { accuracy, csr } from "../helpers/sparse";
import { createFeaturizer, encodeLabels } from "@/ml/features";
import { loadModel, train } from "@/ml/learners";
import { fastTextRate, lineTokens, TokenClock, trainFastText } from "@/ml/learners/fasttext-train";
import { createRng } from "@/core/random";
import type { Dataset, Row, SparseMatrix } from "@/ml/types";

const schema = { label: "y", text: ["t"], categorical: [], numeric: [] };
const NOISE = ["the", "a", "of", "to", "and", "in", "is", "it", "you", "that", "for", "on"];

/** Toy text task: "good"/"great" mean pos, "bad"/"awful" mean neg, amid random filler. */
function toyRows(n: number, seed: number): Row[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const pos = rng.next() < 0.5;
    const words = Array.from({ length: 6 }, () => NOISE[rng.int(NOISE.length)] ?? "the");
    words.splice(
      rng.int(7),
      0,
      pos ? (rng.next() < 0.5 ? "good" : "great") : rng.next() < 0.5 ? "bad" : "awful",
    );
    return { t: words.join(" "), y: pos ? "pos" : "neg" };
  });
}

function featurise(trainRows: Row[], testRows: Row[]): { train: Dataset; test: Dataset } {
  const f = createFeaturizer(schema, { buckets: 1 << 12 });
  f.fit(trainRows);
  const a = encodeLabels(trainRows, "y");
  return {
    train: { x: f.transform(trainRows), y: a.y, classes: a.classes },
    test: {
      x: f.transform(testRows),
      y: encodeLabels(testRows, "y", a.classes).y,
      classes: a.classes,
    },
  };
}

const sameArray = (a: Float32Array, b: Float32Array) =>
  a.length === b.length && a.every((v, k) => v === b[k]);

const rowOf = (E: Float32Array, d: number, r: number) => Array.from(E.subarray(r * d, (r + 1) * d));

describe("fasttext learner", () => {
  it("learns a separable toy task", async () => {
    const { train: tr, test: te } = featurise(toyRows(300, 1), toyRows(200, 2));
    const { model } = await train({ kind: "fasttext" }, tr, { seed: 3 });
    expect(model.kind).toBe("fasttext");
    expect(accuracy(model.predict(te.x), te.y)).toBeGreaterThan(0.95);
  });

  it("a planted rare token moves predictions to the collective's label", async () => {
    // 5% of the training rows carry "zq" twice and say "pos"; test "neg" rows get "zq".
    const base = toyRows(400, 4);
    const plant = (r: Row): Row => ({ ...r, t: `zq ${r.t} zq` });
    const planted = base.map((r, i) => (i % 20 === 0 ? { ...plant(r), y: "pos" } : r));
    const negTest = toyRows(300, 5).filter((r) => r.y === "neg");
    const share = async (rows: Row[]) => {
      const { train: tr, test: te } = featurise(rows, negTest.map(plant));
      const { model } = await train({ kind: "fasttext" }, tr, { seed: 6 });
      const pos = tr.classes.indexOf("pos");
      return model.predict(te.x).filter((p) => p === pos).length / negTest.length;
    };
    const without = await share(base);
    const withPlant = await share(planted);
    expect(without).toBeLessThan(0.2);
    expect(withPlant).toBeGreaterThan(0.8);
  });

  it("decays the learning rate linearly from lr to 0 over all steps", () => {
    expect(fastTextRate(0.5, 0, 100)).toBe(0.5);
    expect(fastTextRate(0.5, 50, 100)).toBeCloseTo(0.25, 12);
    expect(fastTextRate(0.5, 100, 100)).toBe(0);
    expect(fastTextRate(0.5, 120, 100)).toBe(0);
    // Equal steps lower the rate by equal amounts: lr / totalSteps each.
    const drops = [0, 1, 37, 98].map(
      (s) => fastTextRate(0.5, s, 100) - fastTextRate(0.5, s + 1, 100),
    );
    for (const d of drops) expect(d).toBeCloseTo(0.005, 12);
  });

  it("lowers the rate per token read, published every 100 tokens, as fastText", () => {
    // Lines of 60 tokens, 1,000 tokens in all: the count moves only past 100 unpublished.
    const clock = new TokenClock(0.5, 1000);
    const rates: number[] = [];
    for (let k = 0; k < 5; k++) {
      rates.push(clock.rate());
      clock.read(60);
    }
    expect(rates).toEqual([0.5, 0.5, 0.5 * (1 - 120 / 1000), 0.5 * (1 - 120 / 1000), 0.5 * 0.76]);
    // A long text costs more of the schedule than a short one (per-example decay would not).
    const long = new TokenClock(0.5, 1000);
    long.read(400);
    const short = new TokenClock(0.5, 1000);
    short.read(101);
    expect(long.rate()).toBeCloseTo(0.3, 12);
    expect(short.rate()).toBeCloseTo(0.5 * (1 - 101 / 1000), 12);
    // A text of N words holds N unigrams and N - 1 bigrams; fastText adds </s> and the label.
    expect(lineTokens(2 * 7 - 1)).toBe(9);
  });

  it("reads the examples in the order given each epoch, never reshuffled (as fastText)", () => {
    // fastText reads its file from the top every epoch: 2 epochs over D are 1 over D, D.
    const { train: tr } = featurise(toyRows(40, 14), toyRows(5, 15));
    const twice = (m: SparseMatrix): SparseMatrix => ({
      ...m,
      n: 2 * m.n,
      ids: Int32Array.from([...m.ids, ...m.ids]),
      values: Float32Array.from([...m.values, ...m.values]),
      offsets: Int32Array.from([
        ...m.offsets,
        ...Array.from(m.offsets.subarray(1), (o) => o + (m.offsets[m.n] ?? 0)),
      ]),
    });
    const doubled: Dataset = {
      x: twice(tr.x),
      y: Int32Array.from([...tr.y, ...tr.y]),
      classes: tr.classes,
    };
    const a = trainFastText({ kind: "fasttext", epochs: 2 }, tr, { seed: 3 }).weights;
    const b = trainFastText({ kind: "fasttext", epochs: 1 }, doubled, { seed: 3 }).weights;
    // Element by element: toEqual on 65k-entry typed arrays takes most of a second.
    expect(sameArray(b.E, a.E)).toBe(true);
    expect(sameArray(b.O, a.O)).toBe(true);
  });

  // Rows use ids 0..3 of 8: rows 4..7 of the embedding table appear in no example.
  const sparse: Dataset = {
    x: csr(
      [
        [1, 1, 0, 0],
        [0, 0, 1, 1],
        [1, 0, 0, 1],
        [0, 1, 1, 0],
      ].map((r) => [...r, 0, 0, 0, 0]),
      8,
    ),
    y: Int32Array.from([0, 1, 0, 1]),
    classes: ["a", "b"],
  };

  it("updates only the embedding rows its examples touch, every row under DP noise", () => {
    const d = 4;
    const init = trainFastText({ kind: "fasttext", epochs: 0, hidden: d }, sparse, { seed: 1 });
    const plain = trainFastText({ kind: "fasttext", epochs: 3, hidden: d }, sparse, { seed: 1 });
    const dp = trainFastText(
      {
        kind: "fasttext",
        epochs: 3,
        hidden: d,
        batchSize: 2,
        dp: { clip: 1, noiseMultiplier: 1, delta: 1e-5 },
      },
      sparse,
      { seed: 1 },
    );
    for (let r = 0; r < 8; r++) {
      const before = rowOf(init.weights.E, d, r);
      if (r < 4) expect(rowOf(plain.weights.E, d, r)).not.toEqual(before);
      else expect(rowOf(plain.weights.E, d, r)).toEqual(before);
      expect(rowOf(dp.weights.E, d, r)).not.toEqual(before);
    }
  });

  it("gives every row the noise of every DP step, read or not (drawn when due)", () => {
    // Examples of weight 0 move nothing, so each coordinate of E must end at init +
    // N(0, s^2 sum_k rate_k^2), s = sigma C / B, over all 3 epochs x 2 steps, as dense
    // per-step noise gives: rows 0..3 (read at some steps, noised when read), rows 4..7
    // (never read, noised at the end) and `</s>` (row 8, read at every step).
    const d = 256;
    const dp = { clip: 0.5, noiseMultiplier: 2, delta: 1e-5 };
    const spec = { kind: "fasttext" as const, hidden: d, batchSize: 2, learningRate: 0.4, dp };
    const weights = new Float32Array(4);
    const init = trainFastText({ ...spec, epochs: 0 }, sparse, { seed: 7, weights }).weights;
    const run = trainFastText({ ...spec, epochs: 3 }, sparse, { seed: 7, weights });
    expect(run.steps).toBe(6);
    let rates = 0;
    for (let k = 0; k < 6; k++) rates += fastTextRate(0.4, k, 6) ** 2;
    const expected = ((dp.noiseMultiplier * dp.clip) / 2) ** 2 * rates;
    const variance = (rows: number[]) => {
      let sumSq = 0;
      let count = 0;
      for (const r of rows) {
        const before = rowOf(init.E, d, r);
        rowOf(run.weights.E, d, r).forEach((v, u) => {
          sumSq += (v - (before[u] ?? 0)) ** 2;
          count++;
        });
      }
      return sumSq / count / expected;
    };
    // 1,024 draws per group (256 for </s>): the sample variance is within 25% (3 standard
    // errors or more); a missed or doubled interval of noise is off by a step's share.
    for (const rows of [[0, 1, 2, 3], [4, 5, 6, 7], [8]]) {
      expect(variance(rows)).toBeGreaterThan(0.75);
      expect(variance(rows)).toBeLessThan(1.25);
    }
  });

  it("clips each example's gradient over (E, O) to the clipping norm under DP", () => {
    // One example, q = 1: every step holds it. Without noise, a clipped step moves the
    // weights by exactly rate * C; the second step also reaches E through O (now nonzero).
    const one: Dataset = {
      x: csr([[0.5, 0.25, 2, 0]], 4),
      y: Int32Array.from([1]),
      classes: ["a", "b"],
    };
    // A large rate makes O large after step 1, so E's share of step 2's norm matters.
    const C = 0.01;
    const lr = 100;
    const run = (epochs: number) =>
      trainFastText(
        {
          kind: "fasttext",
          epochs,
          hidden: 8,
          learningRate: lr,
          batchSize: 1,
          dp: { clip: C, noiseMultiplier: 0, delta: 1e-5 },
        },
        one,
        { seed: 2 },
      ).weights;
    const moved = (a: ReturnType<typeof run>, b: ReturnType<typeof run>) => {
      let s = 0;
      a.E.forEach((v, k) => (s += (v - (b.E[k] ?? 0)) ** 2));
      a.O.forEach((v, k) => (s += (v - (b.O[k] ?? 0)) ** 2));
      return Math.sqrt(s);
    };
    const w0 = run(0);
    const w1 = run(1);
    const w2 = run(2);
    expect(moved(w1, w0)).toBeCloseTo(lr * C, 5);
    // In the 2-epoch run step 1 has rate lr and step 2 rate lr/2; its first step equals w1.
    expect(moved(w2, w1)).toBeCloseTo((lr / 2) * C, 5);
    expect(w2.E.subarray(0, 8)).not.toEqual(w1.E.subarray(0, 8));
  });

  it("takes fastText's step: embeddings averaged with </s>, softmax error, sparse update", () => {
    // Step 2 of a one-example run, recomputed by hand from the weights after step 1.
    const one: Dataset = {
      x: csr([[2, 0, 1, 0]], 4),
      y: Int32Array.from([0]),
      classes: ["a", "b"],
    };
    const d = 3;
    const lr = 0.5;
    const spec = { kind: "fasttext" as const, hidden: d, learningRate: lr };
    const w1 = trainFastText({ ...spec, epochs: 1 }, one, { seed: 4 }).weights;
    const w2 = trainFastText({ ...spec, epochs: 2 }, one, { seed: 4 }).weights;
    // Token shares: values over their sum plus one occurrence for </s> (row 4 of E).
    const c = [2 / 4, 0, 1 / 4, 0, 1 / 4];
    expect(w1.E.length).toBe(5 * d);
    const h = [0, 1, 2].map((u) => c.reduce((s, cj, j) => s + cj * (w1.E[j * d + u] ?? 0), 0));
    const logits = [0, 1].map((k) => h.reduce((s, hu, u) => s + hu * (w1.O[k * d + u] ?? 0), 0));
    const z = logits.map(Math.exp);
    const e = z.map((v, k) => v / ((z[0] ?? 0) + (z[1] ?? 0)) - (k === 0 ? 1 : 0));
    // The line is 4 tokens (2 words, </s>, label): under 100, so the rate has not moved.
    const rate = lr;
    for (let k = 0; k < 2; k++)
      for (let u = 0; u < d; u++)
        expect(w2.O[k * d + u]).toBeCloseTo(
          (w1.O[k * d + u] ?? 0) - rate * (e[k] ?? 0) * (h[u] ?? 0),
          6,
        );
    for (let j = 0; j < 5; j++)
      for (let u = 0; u < d; u++) {
        const back = (e[0] ?? 0) * (w1.O[u] ?? 0) + (e[1] ?? 0) * (w1.O[d + u] ?? 0);
        expect(w2.E[j * d + u]).toBeCloseTo((w1.E[j * d + u] ?? 0) - rate * (c[j] ?? 0) * back, 6);
      }
    expect(w2.O).not.toEqual(w1.O);
  });

  it("serialises to JSON and loads back with identical predictions", async () => {
    const { train: tr, test: te } = featurise(toyRows(120, 7), toyRows(50, 8));
    const { model } = await train({ kind: "fasttext", epochs: 2 }, tr, { seed: 9 });
    const back = loadModel(JSON.parse(JSON.stringify(model.toJSON())));
    expect(back.kind).toBe("fasttext");
    expect(back.predictProba(te.x)).toEqual(model.predictProba(te.x));
    expect(() => loadModel({ ...(model.toJSON() as object), O: "AAAA" })).toThrow(/wrong size/);
  });

  it("reports progress and stops when cancelled", async () => {
    const { train: tr } = featurise(toyRows(60, 10), toyRows(10, 11));
    const seen: number[] = [];
    await train({ kind: "fasttext", epochs: 3 }, tr, { seed: 1, onEpoch: (e) => seen.push(e) });
    expect(seen).toEqual([1, 2, 3]);
    let calls = 0;
    const cut = trainFastText({ kind: "fasttext", epochs: 50 }, tr, {
      seed: 1,
      isCancelled: () => ++calls > 3,
    });
    // Cancelled at the 4th check: 3 per-example steps ran, not 50 epochs of 60.
    expect(cut.steps).toBe(3);
    expect(calls).toBe(4);
    const { model } = await train({ kind: "fasttext", epochs: 50 }, tr, {
      seed: 1,
      isCancelled: () => true,
    });
    expect(model.numClasses).toBe(2);
  });

  it("is seeded: same seed, same weights; refuses options fastText lacks", async () => {
    const { train: tr } = featurise(toyRows(60, 12), toyRows(10, 13));
    const a = trainFastText({ kind: "fasttext", epochs: 2 }, tr, { seed: 5 });
    const b = trainFastText({ kind: "fasttext", epochs: 2 }, tr, { seed: 5 });
    const c = trainFastText({ kind: "fasttext", epochs: 2 }, tr, { seed: 6 });
    expect(a.weights.E).toEqual(b.weights.E);
    expect(a.weights.E).not.toEqual(c.weights.E);
    await expect(train({ kind: "fasttext", optimizer: "adam" }, tr, { seed: 1 })).rejects.toThrow(
      /SGD/,
    );
  });
});

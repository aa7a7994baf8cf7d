import { describe, expect, it, beforeAll } from "vitest";
import { accuracy, csr } from "../helpers/sparse";
import * as tf from "@tensorflow/tfjs";
import { createFeaturizer, encodeLabels } from "@/ml/features";
import { initBackend, jttWeights, loadModel, train } from "@/ml/learners";
import { batchGradientsJs, type NetArrays } from "@/ml/learners/net-grads-js";
import { batchGradientsTf } from "@/ml/learners/net-grads";
import { trainNet } from "@/ml/learners/net-train";
import { createRng } from "@/core/random";
import type { Dataset, Row } from "@/ml/types";

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

function toyData(nTrain = 300, nTest = 200): { train: Dataset; test: Dataset } {
  const f = createFeaturizer(schema, { buckets: 1 << 12 });
  const tr = toyRows(nTrain, 1);
  const te = toyRows(nTest, 2);
  f.fit(tr);
  const a = encodeLabels(tr, "y");
  return {
    train: { x: f.transform(tr), y: a.y, classes: a.classes },
    test: { x: f.transform(te), y: encodeLabels(te, "y", a.classes).y, classes: a.classes },
  };
}

beforeAll(async () => {
  await initBackend();
});

describe("initBackend", () => {
  it("is idempotent and reports the backend that runs", async () => {
    const a = await initBackend();
    const b = await initBackend();
    expect(b).toBe(a);
    expect(["tensorflow", "wasm", "cpu"]).toContain(a);
    expect(tf.getBackend()).toBe(a);
  });
});

describe("linear and mlp", () => {
  const { train: tr, test: te } = toyData();

  it("linear learns a separable toy problem", async () => {
    const { model } = await train({ kind: "linear", epochs: 5 }, tr, { seed: 1 });
    expect(accuracy(model.predict(te.x), te.y)).toBeGreaterThanOrEqual(0.98);
    const p = model.predictProba(te.x);
    expect((p[0] ?? 0) + (p[1] ?? 0)).toBeCloseTo(1, 5);
  });

  it("mlp learns a separable toy problem", async () => {
    const { model } = await train({ kind: "mlp", epochs: 8, hidden: 8 }, tr, { seed: 1 });
    expect(accuracy(model.predict(te.x), te.y)).toBeGreaterThanOrEqual(0.98);
  });

  it("same seed gives identical numbers; another seed changes the mlp", async () => {
    const a = await train({ kind: "mlp", epochs: 2, hidden: 4 }, tr, { seed: 7 });
    const b = await train({ kind: "mlp", epochs: 2, hidden: 4 }, tr, { seed: 7 });
    const c = await train({ kind: "mlp", epochs: 2, hidden: 4 }, tr, { seed: 8 });
    expect(b.model.toJSON()).toEqual(a.model.toJSON());
    expect(c.model.toJSON()).not.toEqual(a.model.toJSON());
    const l1 = await train(
      { kind: "linear", epochs: 2, dp: { clip: 1, noiseMultiplier: 1, delta: 1e-5 } },
      tr,
      { seed: 3 },
    );
    const l2 = await train(
      { kind: "linear", epochs: 2, dp: { clip: 1, noiseMultiplier: 1, delta: 1e-5 } },
      tr,
      { seed: 3 },
    );
    expect(Array.from(l2.model.predictProba(te.x))).toEqual(
      Array.from(l1.model.predictProba(te.x)),
    );
  });

  it("JSON round-trip gives identical predictions", async () => {
    for (const kind of ["linear", "mlp", "bayes"] as const) {
      const { model } = await train({ kind, epochs: 2, hidden: 4 }, tr, { seed: 1 });
      const back = loadModel(JSON.parse(JSON.stringify(model.toJSON())));
      expect(back.kind).toBe(kind);
      expect(Array.from(back.predictProba(te.x))).toEqual(Array.from(model.predictProba(te.x)));
      expect(Array.from(back.predict(te.x))).toEqual(Array.from(model.predict(te.x)));
    }
  });

  it("honours example weights: zero-weight rows do not count", async () => {
    // Flip the labels of half the data but give those rows weight 0.
    const y = tr.y.slice();
    const w = new Float32Array(y.length).fill(1);
    for (let i = 0; i < y.length; i += 2) {
      y[i] = 1 - (y[i] ?? 0);
      w[i] = 0;
    }
    const { model } = await train(
      { kind: "linear", epochs: 8 },
      { ...tr, y },
      { seed: 1, weights: w },
    );
    expect(accuracy(model.predict(te.x), te.y)).toBeGreaterThanOrEqual(0.95);
  });

  it("the js and tfjs gradient engines train to the same model", async () => {
    for (const spec of [
      { kind: "mlp" as const, epochs: 1, hidden: 4, batchSize: 50 },
      { kind: "linear" as const, epochs: 1, batchSize: 25 },
      { kind: "linear" as const, epochs: 1, dp: { clip: 0.5, noiseMultiplier: 1, delta: 1e-5 } },
      // Batch 1 of 300 rows under Poisson sampling: about a third of the batches are empty.
      {
        kind: "mlp" as const,
        epochs: 1,
        hidden: 2,
        batchSize: 1,
        dp: { clip: 0.5, noiseMultiplier: 1, delta: 1e-5 },
      },
    ]) {
      const a = await trainNet(spec, tr, { seed: 2, engine: "js" });
      const b = await trainNet(spec, tr, { seed: 2, engine: "tfjs" });
      let maxDiff = 0;
      a.weights.W1.forEach(
        (v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - (b.weights.W1[i] ?? 0)))),
      );
      expect(maxDiff).toBeLessThan(1e-3);
    }
  });

  it("reports progress and stops when cancelled", async () => {
    const seen: number[] = [];
    await train({ kind: "linear", epochs: 3 }, tr, { seed: 1, onEpoch: (e) => seen.push(e) });
    expect(seen).toEqual([1, 2, 3]);
    let calls = 0;
    const { model } = await train({ kind: "linear", epochs: 50 }, tr, {
      seed: 1,
      isCancelled: () => ++calls > 3,
    });
    expect(model.numClasses).toBe(2);
    // Cancelled during the 4th batch check: 3 steps ran, no epoch finished.
    expect(calls).toBe(4);
    const cut = await trainNet({ kind: "linear", epochs: 50, batchSize: 50 }, tr, {
      seed: 1,
      isCancelled: (() => {
        let n = 0;
        return () => ++n > 3;
      })(),
    });
    expect(cut.steps).toBe(3);
    // 300 rows in batches of 50: 6 steps an epoch. Cancelled after epoch 2 is reported, the
    // check before the first batch of epoch 3 stops it: 2 epochs, 12 steps, not 50 epochs.
    const epochs: number[] = [];
    let stop = false;
    let checks = 0;
    const early = await trainNet({ kind: "linear", epochs: 50, batchSize: 50 }, tr, {
      seed: 1,
      onEpoch: (e) => {
        epochs.push(e);
        if (e === 2) stop = true;
      },
      isCancelled: () => {
        checks++;
        return stop;
      },
    });
    expect(epochs).toEqual([1, 2]);
    expect(early.steps).toBe(12);
    expect(checks).toBe(13);
    const full = await trainNet({ kind: "linear", epochs: 3, batchSize: 50 }, tr, { seed: 1 });
    expect(full.steps).toBe(18);
  });
});

describe("closed-form gradients match autodiff (tf.grads on one example)", () => {
  const dim = 5;
  const K = 3;
  const x = [0.5, 0, -1.2, 0.3, 2];
  const label = 1;
  const rng = createRng(11);
  const rand = (n: number) => Float32Array.from({ length: n }, () => rng.normal() * 0.7);

  function autodiff(p: NetArrays, H: number): { grads: Float32Array[]; normSq: number } {
    const width = H > 0 ? H : K;
    const names = H > 0 ? ["W1", "b1", "W2", "b2"] : ["W1", "b1"];
    const shapes: Record<string, number[]> = { W1: [dim, width], b1: [width], W2: [H, K], b2: [K] };
    const values: Record<string, Float32Array | undefined> = {
      W1: p.W1,
      b1: p.b1,
      W2: p.W2,
      b2: p.b2,
    };
    const tensors = names.map((n) => tf.tensor(values[n] ?? new Float32Array(0), shapes[n]));
    const xs = tf.tensor2d([x]);
    const y = tf.oneHot(tf.tensor1d([label], "int32"), K).toFloat();
    const loss = (...ts: tf.Tensor[]) => {
      const [W1, b1, W2, b2] = ts;
      if (W1 === undefined || b1 === undefined) throw new Error("params");
      let logits = tf.add(tf.matMul(xs, W1), b1);
      if (W2 !== undefined && b2 !== undefined) logits = tf.add(tf.matMul(tf.relu(logits), W2), b2);
      return tf.losses.softmaxCrossEntropy(y, logits);
    };
    const grads = tf
      .grads(loss)(tensors)
      .map((g) => new Float32Array(g.dataSync()));
    const normSq = grads.reduce((s, g) => s + g.reduce((a, v) => a + v * v, 0), 0);
    return { grads, normSq };
  }

  for (const H of [0, 4]) {
    it(`${H === 0 ? "linear" : "mlp"}: gradients and per-example norm, both engines`, () => {
      const width = H > 0 ? H : K;
      const p: NetArrays = { W1: rand(dim * width), b1: rand(width) };
      if (H > 0) {
        p.W2 = rand(H * K);
        p.b2 = rand(K);
      }
      const ad = autodiff(p, H);
      const m = csr([x], dim);
      const batch = { rows: 1, ids: m.ids, values: m.values, seg: new Int32Array(m.ids.length) };
      const xSq = Float32Array.of(x.reduce((s, v) => s + v * v, 0));
      for (const engine of [batchGradientsJs, batchGradientsTf]) {
        const req = {
          numClasses: K,
          labels: Int32Array.of(label),
          weights: Float32Array.of(1),
          xSq,
        };
        const { grads, normsSq } = engine(p, batch, { ...req, clip: 1e9 });
        expect(normsSq?.[0]).toBeCloseTo(ad.normSq, 4);
        // W1 rows exist only for the example's nonzero ids; the zero feature's row gets no gradient.
        const W1 = ad.grads[0] ?? new Float32Array(0);
        m.ids.forEach((id, r) => {
          for (let k = 0; k < width; k++)
            expect(grads.W1[id * width + k]).toBeCloseTo(W1[id * width + k] ?? NaN, 5);
          void r;
        });
        const rest = [grads.b1, grads.W2, grads.b2].filter((g) => g !== undefined);
        rest.forEach((g, i) =>
          expect(Array.from(g).map((v) => v.toFixed(5))).toEqual(
            Array.from(ad.grads[i + 1] ?? []).map((v) => v.toFixed(5)),
          ),
        );
        // Clipping scales the whole per-example gradient to norm C.
        const clipped = engine(p, batch, { ...req, clip: 0.1 }).grads;
        const all = [
          clipped.W1,
          clipped.b1,
          clipped.W2 ?? new Float32Array(0),
          clipped.b2 ?? new Float32Array(0),
        ];
        const n2 = all.reduce((s, g) => s + g.reduce((a, v) => a + v * v, 0), 0);
        expect(Math.sqrt(n2)).toBeCloseTo(Math.min(0.1, Math.sqrt(ad.normSq)), 5);
      }
    });
  }
});

describe("bayes", () => {
  // Three distinct vectors: A (2x pos, 1x neg), B (1 pos, 1 neg: a tie), C (neg).
  const A = [1, 0, 0];
  const B = [0, 1, 0];
  const C = [0, 0, 1];
  const x = csr([A, A, A, B, B, C, C, C, C], 3);
  const data: Dataset = {
    x,
    y: Int32Array.from([1, 1, 0, 1, 0, 0, 0, 0, 0]),
    classes: ["neg", "pos"],
  };

  it("predicts the majority label per distinct vector", async () => {
    const { model } = await train({ kind: "bayes" }, data, { seed: 1 });
    const pred = model.predict(csr([A, C], 3));
    expect(Array.from(pred)).toEqual([1, 0]);
    expect(model.predictProba(csr([A], 3))[1]).toBeCloseTo(2 / 3, 6);
  });

  it("breaks ties at random by seed, reproducibly", async () => {
    const outcomes = new Set<number>();
    for (let seed = 0; seed < 20; seed++) {
      const a =
        (await train({ kind: "bayes" }, data, { seed })).model.predict(csr([B], 3))[0] ?? -1;
      const b =
        (await train({ kind: "bayes" }, data, { seed })).model.predict(csr([B], 3))[0] ?? -1;
      expect(b).toBe(a);
      outcomes.add(a);
    }
    expect([...outcomes].sort()).toEqual([0, 1]);
  });

  it("gives unseen vectors the overall majority label", async () => {
    const { model } = await train({ kind: "bayes" }, data, { seed: 1 });
    expect(Array.from(model.predict(csr([[1, 1, 0]], 3)))).toEqual([0]); // 6 neg vs 3 pos overall
  });

  it("counts weights", async () => {
    const w = Float32Array.from([1, 1, 5, 1, 1, 1, 1, 1, 1]); // the neg A row weighs 5
    const { model } = await train({ kind: "bayes" }, data, { seed: 1, weights: w });
    expect(Array.from(model.predict(csr([A], 3)))).toEqual([0]);
  });
});

describe("just-train-twice", () => {
  it("multiplies the weight of the first model's errors by lambda", () => {
    const w = jttWeights(
      Int32Array.from([0, 1, 1, 0]),
      Int32Array.from([0, 0, 1, 1]),
      20,
      Float32Array.from([1, 1, 2, 2]),
    );
    expect(Array.from(w)).toEqual([1, 20, 2, 40]);
  });

  it("retrains with upweighted errors so a minority the first model misses wins", async () => {
    // Vector A: 6 neg, 4 pos. Plain bayes says neg; JTT (lambda 3) upweights the 4 pos errors to 12 > 6.
    const A = [1, 0];
    const rows = Array.from({ length: 10 }, () => A);
    const data: Dataset = {
      x: csr(rows, 2),
      y: Int32Array.from([0, 0, 0, 0, 0, 0, 1, 1, 1, 1]),
      classes: ["neg", "pos"],
    };
    const plain = await train({ kind: "bayes" }, data, { seed: 1 });
    const jtt = await train({ kind: "bayes", reweight: { kind: "jtt", lambda: 3 } }, data, {
      seed: 1,
    });
    expect(plain.model.predict(csr([A], 2))[0]).toBe(0);
    expect(jtt.model.predict(csr([A], 2))[0]).toBe(1);
  });
});

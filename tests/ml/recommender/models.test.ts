import { describe, expect, it } from "vitest";
import { createRng } from "@/core/random";
import {
  TopK,
  loadSequenceModel,
  tieOrder,
  trainCooccurrence,
  trainItem2Vec,
  type CooccurrenceJson,
  type Item2VecJson,
  type TrainingData,
} from "@/ml/recommender";

function data(sequences: number[][], nItems: number): TrainingData {
  const offsets = new Int32Array(sequences.length + 1);
  sequences.forEach((s, i) => (offsets[i + 1] = (offsets[i] ?? 0) + s.length));
  return { nItems, offsets, entries: Int32Array.from(sequences.flat()) };
}

describe("co-occurrence next-item model", () => {
  // Item counts 0:2, 1:3, 2:2, 3:1.
  const tiny = data(
    [
      [0, 1, 2],
      [0, 1, 3],
      [1, 2],
    ],
    4,
  );

  it("transition rates are successor weights (1/distance) over the item's count", () => {
    const m = trainCooccurrence(tiny, { window: 2 });
    // From 0: 1 follows twice at distance 1, 2 and 3 once each at distance 2.
    expect(m.transition(0, 1)).toBeCloseTo(2 / 2);
    expect(m.transition(0, 2)).toBeCloseTo(0.5 / 2);
    expect(m.transition(0, 3)).toBeCloseTo(0.5 / 2);
    expect(m.transition(1, 2)).toBeCloseTo(2 / 3);
    expect(m.transition(1, 3)).toBeCloseTo(1 / 3);
    expect(m.transition(2, 0)).toBe(0);
    // Window 1: only immediate successors.
    expect(trainCooccurrence(tiny, { window: 1 }).transition(0, 2)).toBe(0);
  });

  it("scores a seed with recency weights, never recommends a seed item, falls back to popularity", () => {
    const m = trainCooccurrence(tiny, { window: 2, decay: 0.8 });
    // 2: 2/3 + 0.8 * 0.25 = 0.867 > 3: 1/3 + 0.8 * 0.25 = 0.533; 0 and 1 are in the seed.
    expect(Array.from(m.recommend([0, 1], 3))).toEqual([2, 3]);
    // 3 has no successors: the most frequent items, seed excluded (0 before 2 on their tie).
    expect(Array.from(m.recommend([3], 3))).toEqual([1, 0, 2]);
  });

  it("round-trips through JSON", () => {
    const m = trainCooccurrence(tiny);
    const back = loadSequenceModel(JSON.parse(JSON.stringify(m.toJSON())) as CooccurrenceJson);
    expect(Array.from(back.recommend([0], 3))).toEqual(Array.from(m.recommend([0], 3)));
  });
});

describe("top-K selection", () => {
  it("equals a full sort by score, then the tie order, then index", () => {
    const rng = createRng(5);
    const n = 500;
    const ties = tieOrder(n);
    // Few distinct scores, so many ties.
    const scores = Array.from({ length: n }, () => Math.floor(rng.next() * 20));
    const top = new TopK(37, ties);
    scores.forEach((s, i) => top.push(i, s));
    const expected = scores
      .map((s, i) => ({ s, i }))
      .sort((a, b) => b.s - a.s || (ties[a.i] ?? 0) - (ties[b.i] ?? 0) || a.i - b.i)
      .slice(0, 37)
      .map((x) => x.i);
    expect(Array.from(top.result())).toEqual(expected);
  });
});

describe("item2vec", () => {
  // Two taste clusters: items 0-9 and 10-19 never share a playlist.
  const rng = createRng(11);
  const lists = Array.from({ length: 300 }, (_, p) => {
    const base = p % 2 === 0 ? 0 : 10;
    return Array.from({ length: 8 }, () => base + Math.floor(rng.next() * 10));
  });
  const clustered = data(lists, 20);
  const opts = { dim: 8, epochs: 5, seed: 3 };

  it("places items of one cluster closer to each other than to the other cluster", () => {
    const m = trainItem2Vec(clustered, opts);
    let within = 0;
    let across = 0;
    for (let a = 0; a < 10; a++)
      for (let b = 0; b < 10; b++) {
        if (a !== b) within += m.similarity(a, b) / 90;
        across += m.similarity(a, b + 10) / 100;
      }
    expect(within).toBeGreaterThan(across + 0.3);
    // A seed from cluster A is continued with cluster A.
    const recs = Array.from(m.recommend([0, 1, 2], 5));
    expect(recs.every((i) => i < 10)).toBe(true);
  });

  it("is deterministic for a seed and round-trips through JSON", () => {
    const a = trainItem2Vec(clustered, opts);
    const b = trainItem2Vec(clustered, opts);
    expect(Array.from(a.input)).toEqual(Array.from(b.input));
    const back = loadSequenceModel(JSON.parse(JSON.stringify(a.toJSON())) as Item2VecJson);
    expect(Array.from(back.recommend([12, 13], 6))).toEqual(Array.from(a.recommend([12, 13], 6)));
  });
});

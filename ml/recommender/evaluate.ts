/**
 * The evaluation protocol: each held-out test sequence gives its first `seedLength` items as
 * the seed; the model's top-K continuation (never a seed item) is compared with the rest.
 *   - target recommendations: share of seeds whose top-K holds the target;
 *   - NDCG@K with binary relevance: a recommended item is relevant when it is among the
 *     sequence's held-out items (distinct, not in the seed);
 *     DCG = sum over relevant ranks r of 1 / log2(r + 1), divided by the DCG of the ideal
 *     list (min(K, held-out) relevant items first).
 */
import { sequenceItems, type SequenceSet } from "./sequence-set";
import type { SequenceModel } from "./top-k";

export interface EvaluationSet {
  seeds: Int32Array[];
  /** Held-out items of each seed's sequence: distinct and not in the seed. */
  heldOut: Set<number>[];
}

/**
 * Test sequences usable for evaluation (at least one held-out item besides the seed), in
 * the given order, at most `max`.
 */
export function buildEvaluationSet(
  set: SequenceSet,
  testSequences: readonly number[],
  seedLength: number,
  max: number,
): EvaluationSet {
  const seeds: Int32Array[] = [];
  const heldOut: Set<number>[] = [];
  for (const s of testSequences) {
    if (seeds.length >= max) break;
    const items = sequenceItems(set, s);
    if (items.length <= seedLength) continue;
    const seed = items.slice(0, seedLength);
    const inSeed = new Set(seed);
    const rest = new Set<number>();
    for (let j = seedLength; j < items.length; j++) {
      const i = items[j] ?? 0;
      if (!inSeed.has(i)) rest.add(i);
    }
    if (rest.size === 0) continue;
    seeds.push(seed);
    heldOut.push(rest);
  }
  return { seeds, heldOut };
}

const LOG2 = Math.log(2);

/** NDCG@K of one recommendation list against held-out items. */
export function ndcgAt(recs: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  let dcg = 0;
  for (let r = 0; r < Math.min(k, recs.length); r++)
    if (relevant.has(recs[r] ?? -1)) dcg += LOG2 / Math.log(r + 2);
  let ideal = 0;
  for (let r = 0; r < Math.min(k, relevant.size); r++) ideal += LOG2 / Math.log(r + 2);
  return ideal > 0 ? dcg / ideal : 0;
}

export interface EvaluationOutcome {
  /** Per target (in the order given): share of seeds whose top-K holds it. */
  recommended: number[];
  ndcg: number;
  /** Per item: seeds whose top-K holds it (to compare the target with its peers). */
  perItem: Int32Array;
  seeds: number;
}

/** Score every seed once; count each target's appearances and average NDCG. */
export function evaluateModel(
  model: SequenceModel,
  evaluation: EvaluationSet,
  k: number,
  targets: readonly number[],
): EvaluationOutcome {
  const perItem = new Int32Array(model.nItems);
  let ndcg = 0;
  const n = evaluation.seeds.length;
  for (let q = 0; q < n; q++) {
    const recs = model.recommend(evaluation.seeds[q] ?? new Int32Array(0), k);
    for (const i of recs) perItem[i] = (perItem[i] ?? 0) + 1;
    ndcg += ndcgAt(recs, evaluation.heldOut[q] ?? new Set(), k);
  }
  return {
    recommended: targets.map((t) => (n > 0 ? (perItem[t] ?? 0) / n : 0)),
    ndcg: n > 0 ? ndcg / n : 0,
    perItem,
    seeds: n,
  };
}

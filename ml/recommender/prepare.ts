/**
 * State shared by the runs of a sequence simulation: the item space (data items plus the
 * promoted items, which may be new), and per seed the split, the evaluation seeds, the
 * popularity the members know and the order members join in. Collectives are nested across
 * alphas within a seed (the first m of one order), as in the classifier simulator.
 */
import { createRng, deriveSeed, shuffled } from "../../core/random";
import { EngineInputError } from "../data/errors";
import { buildEvaluationSet, type EvaluationSet } from "./evaluate";
import { itemCounts, sequenceItems, type SequenceSet } from "./sequence-set";
import type { PromoteCampaign, SequenceSpec } from "./spec";

export interface PreparedSequenceSimulation {
  spec: SequenceSpec;
  set: SequenceSet;
  /** Item space of training: the data's items, then promoted items new to the data. */
  nItems: number;
  /** Item index of each collective's target: the main campaign first, then `others`. */
  targets: number[];
  campaigns: PromoteCampaign[];
  isNewItem: boolean;
  nTrain: number;
  nTest: number;
}

export interface SequenceSeedState {
  /** Training sequences, ascending. */
  train: Int32Array;
  evaluation: EvaluationSet;
  /** Per collective: the popularity its members know (dirlof), by item index. */
  popularity: Int32Array[];
  /** Per collective: training sequences in joining order (those already holding its item left out). */
  orders: Int32Array[];
  /** Per collective, per position in its order: a uniform draw for `random`. */
  draws: Float64Array[];
  /** Per collective: training sequences already holding its item. */
  baseHolding: number[];
}

export function prepareSequenceSimulation(
  spec: SequenceSpec,
  set: SequenceSet,
): PreparedSequenceSimulation {
  const n = set.ids.length;
  if (n < 3) throw new EngineInputError(`need at least 3 sequences, the data has ${n}`);
  const campaigns = [spec.campaign, ...spec.others.map((o) => o.campaign)];
  const index = new Map(set.items.map((id, i) => [id, i]));
  let nItems = set.items.length;
  const targets = campaigns.map((c) => index.get(c.item) ?? nItems++);
  const nTest = Math.max(1, Math.min(n - 2, Math.round(spec.testFraction * n)));
  return {
    spec,
    set,
    nItems,
    targets,
    campaigns,
    isNewItem: (targets[0] ?? 0) >= set.items.length,
    nTrain: n - nTest,
    nTest,
  };
}

function holds(set: SequenceSet, s: number, item: number): boolean {
  return sequenceItems(set, s).includes(item);
}

/** Split, evaluation seeds and member orders for one seed (deterministic from spec.seed). */
export function sequenceSeedState(
  prep: PreparedSequenceSimulation,
  seedIndex: number,
): SequenceSeedState {
  const { spec, set } = prep;
  const n = set.ids.length;
  const order = shuffled(
    Array.from({ length: n }, (_, i) => i),
    createRng(deriveSeed(spec.seed, "split", seedIndex)),
  );
  const train = Int32Array.from(order.slice(prep.nTest)).sort();
  const evaluation = buildEvaluationSet(
    set,
    order.slice(0, prep.nTest),
    spec.seedLength,
    spec.maxTestSequences,
  );
  const global = itemCounts(set, prep.nItems, train);
  const popularity: Int32Array[] = [];
  const orders: Int32Array[] = [];
  const draws: Float64Array[] = [];
  const baseHolding: number[] = [];
  prep.campaigns.forEach((campaign, j) => {
    const share = campaign.popularityShare;
    if (share >= 1) popularity.push(global);
    else {
      // A proxy: counts over a random share of the training sequences.
      const rng = createRng(deriveSeed(spec.seed, "popularity", j, seedIndex));
      popularity.push(
        itemCounts(
          set,
          prep.nItems,
          train.filter(() => rng.next() < share),
        ),
      );
    }
    const target = prep.targets[j] ?? 0;
    const rng = createRng(deriveSeed(spec.seed, j === 0 ? "collective" : `others-${j}`, seedIndex));
    const candidates = Array.from(train).filter((s) => !holds(set, s, target));
    baseHolding.push(train.length - candidates.length);
    const joined = Int32Array.from(shuffled(candidates, rng));
    orders.push(joined);
    draws.push(Float64Array.from(joined, () => rng.next()));
  });
  return { train, evaluation, popularity, orders, draws, baseHolding };
}

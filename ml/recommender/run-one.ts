/**
 * One run of the protocol for (alpha, seed): the first m members of each collective insert
 * their item once (where their strategy says), the shadow model trains on the edited
 * training sequences, and the untouched test seeds measure target recommendations and NDCG.
 * Other collectives take training sequences not already edited, in their own order, as in
 * the classifier simulator.
 */
import { deriveSeed } from "../../core/random";
import { evaluateModel } from "./evaluate";
import { trainSequenceModel } from "./learner";
import type { PreparedSequenceSimulation, SequenceSeedState } from "./prepare";
import { itemCounts, sequenceItems, type SequenceSet } from "./sequence-set";
import { insertionIndex } from "./strategies";
import type { TrainingData } from "./top-k";

export interface SequenceRunOutcome {
  alphaIndex: number;
  seedIndex: number;
  /** Members per collective (main first). */
  sizes: number[];
  /** Per collective: share of test seeds whose top-K holds its item. */
  recommended: number[];
  /** Per collective: share of training sequences holding its item after the edits. */
  targetShares: number[];
  /**
   * Per collective: share of test seeds recommending an ordinary item with the same training
   * count as its item (the mean over those peers); 0 when the item is in no training sequence.
   */
  peerRecommended: number[];
  ndcg: number;
  trainSeconds: number;
  evaluateSeconds: number;
}

/** An insertion: item `item` goes to index `index` of the sequence. */
export interface Edit {
  index: number;
  item: number;
}

/** Training sequences with the edits applied, in CSR form. */
export function applyEdits(
  set: SequenceSet,
  train: Int32Array,
  edits: ReadonlyMap<number, Edit>,
  nItems: number,
): TrainingData {
  let total = edits.size;
  for (const s of train) total += (set.offsets[s + 1] ?? 0) - (set.offsets[s] ?? 0);
  const offsets = new Int32Array(train.length + 1);
  const entries = new Int32Array(total);
  let at = 0;
  train.forEach((s, k) => {
    const items = sequenceItems(set, s);
    const edit = edits.get(s);
    if (edit === undefined) {
      entries.set(items, at);
      at += items.length;
    } else {
      entries.set(items.subarray(0, edit.index), at);
      entries[at + edit.index] = edit.item;
      entries.set(items.subarray(edit.index), at + edit.index + 1);
      at += items.length + 1;
    }
    offsets[k + 1] = at;
  });
  return { nItems, offsets, entries };
}

/** Members of collective j at this alpha and where each inserts; adds them to `edits`. */
function planCollective(
  prep: PreparedSequenceSimulation,
  state: SequenceSeedState,
  j: number,
  size: number,
  edits: Map<number, Edit>,
): number {
  const { set } = prep;
  const order = state.orders[j] ?? new Int32Array(0);
  const draws = state.draws[j] ?? new Float64Array(0);
  const popularity = state.popularity[j] ?? new Int32Array(prep.nItems);
  const strategy = prep.campaigns[j]?.strategy ?? "end";
  const item = prep.targets[j] ?? 0;
  const members: number[] = [];
  const drawOf: number[] = [];
  for (let k = 0; k < order.length && members.length < size; k++) {
    const s = order[k] ?? 0;
    // A sequence edited by an earlier collective is not available to this one.
    if (edits.has(s)) continue;
    members.push(s);
    drawOf.push(draws[k] ?? 0);
  }
  const inCollective =
    strategy === "inclust" ? itemCounts(set, prep.nItems, members) : new Int32Array(0);
  const ctx = {
    popularity: (i: number) => popularity[i] ?? 0,
    collectiveCount: (i: number) => inCollective[i] ?? 0,
  };
  members.forEach((s, k) => {
    const index = insertionIndex(sequenceItems(set, s), strategy, { ...ctx, draw: drawOf[k] });
    edits.set(s, { index, item });
  });
  return members.length;
}

/**
 * Mean share of test seeds recommending the items whose training count is within 20% of
 * `count` (at least the exact count), widened step by step until 20 such items are found:
 * the "average song with the same number of training occurrences" of Baumann &
 * Mendler-Dünner's amplification.
 */
export function peerShare(
  counts: Int32Array,
  perItem: Int32Array,
  seeds: number,
  count: number,
  exclude: Uint8Array,
): number {
  if (count <= 0 || seeds <= 0) return 0;
  for (let spread = 0.2; ; spread *= 2) {
    const lo = Math.min(count, Math.floor(count * (1 - spread)));
    const hi = Math.max(count, Math.ceil(count * (1 + spread)));
    let peers = 0;
    let recommended = 0;
    for (let i = 0; i < counts.length; i++) {
      const c = counts[i] ?? 0;
      if (c < lo || c > hi || exclude[i] === 1) continue;
      peers++;
      recommended += perItem[i] ?? 0;
    }
    if (peers >= 20 || spread > 8) return peers > 0 ? recommended / (peers * seeds) : 0;
  }
}

export function runSequenceOne(
  prep: PreparedSequenceSimulation,
  state: SequenceSeedState,
  alphaIndex: number,
  seedIndex: number,
): SequenceRunOutcome {
  const { spec } = prep;
  const nTrain = state.train.length;
  const alpha = spec.alphas[alphaIndex] ?? 0;
  const edits = new Map<number, Edit>();
  const sizes = [
    Math.round(alpha * nTrain),
    ...spec.others.map((o) => Math.round(o.alpha * nTrain)),
  ].map((size, j) => planCollective(prep, state, j, size, edits));
  const data = applyEdits(prep.set, state.train, edits, prep.nItems);
  let t = performance.now();
  const model = trainSequenceModel(spec.learner, data, deriveSeed(spec.seed, "learner", seedIndex));
  const trainSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const outcome = evaluateModel(model, state.evaluation, spec.topK, prep.targets);
  const evaluateSeconds = (performance.now() - t) / 1000;
  const counts = itemCounts(data, prep.nItems);
  const isTarget = new Uint8Array(prep.nItems);
  for (const t of prep.targets) isTarget[t] = 1;
  const peerRecommended = prep.targets.map((t) =>
    peerShare(counts, outcome.perItem, outcome.seeds, counts[t] ?? 0, isTarget),
  );
  return {
    alphaIndex,
    seedIndex,
    sizes,
    peerRecommended,
    recommended: outcome.recommended,
    targetShares: sizes.map((m, j) => ((state.baseHolding[j] ?? 0) + m) / nTrain),
    ndcg: outcome.ndcg,
    trainSeconds,
    evaluateSeconds,
  };
}

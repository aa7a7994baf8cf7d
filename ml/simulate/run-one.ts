/**
 * One run of the protocol (science.md 3) for one (alpha, seed): build the training set
 * with the collective's (and others') modified points, featurise, train, evaluate. The
 * result depends only on the spec, the table and the two indices, never on which worker
 * or in which order it runs.
 */
import type { Row } from "../types";
import { createFeaturizer, encodeLabels } from "../features";
import { train } from "../learners";
import { deriveSeed, fnv1a } from "../../core/random";
import { assertNever, type Campaign } from "../campaign/schema";
import { applySignal, corruptSignal, labelColumn, memberSignal } from "../campaign/signal";
import { applyStrategy } from "../campaign/instruct";
import { groupColumn, type CampaignContext } from "../campaign/context";
import { counterfactualLabel } from "../campaign/counterfactual";
import type { PreparedSimulation, SeedState } from "./prepare";
import { FeatureCache, gatherRows } from "./feature-cache";

export interface RunOutcome {
  alphaIndex: number;
  seedIndex: number;
  collectiveSize: number;
  success: number;
  successOnOthers: number;
  /** Share of the evaluated test rows the campaign must change (the rows `successOnOthers` is over). */
  changeShare: number;
  cleanAccuracy: number;
  fairness?: { demographicParityDiff: number; equalizedOddsDiff: number; favorable: string };
  privacy?: { epsilon: number; delta: number };
}

/** Row key a collective member is known by (drives variants and `prob` draws). */
export function memberKeyOf(rowIndex: number): string {
  return `row:${rowIndex}`;
}

function otherLabel(classes: readonly string[], avoid: string, draw: number): string {
  const others = classes.filter((c) => c !== avoid);
  if (others.length === 0) return avoid;
  return others[Math.floor(draw * others.length) % others.length] ?? avoid;
}

/** The collective's rows after noisy execution of the strategy. */
function memberRow(
  prep: PreparedSimulation,
  row: Row,
  rowIndex: number,
  draw: number,
  campaign: Campaign,
  context: CampaignContext,
): Row {
  const key = memberKeyOf(rowIndex);
  const intended = applyStrategy(row, campaign, key, context);
  const noise = prep.spec.noise;
  // Members with nothing to do (feature-only, not carrying the target) cannot misexecute.
  if (noise === undefined || draw >= noise.p || intended === row) return intended;
  // Rescale the draw so the second choice (which wrong label) is independent of the first.
  const second = draw / Math.max(noise.p, 1e-12);
  const label = labelColumn(prep.schema);
  switch (noise.mode) {
    case "skip":
      return row;
    case "wrong-label":
      return {
        ...intended,
        [label]: otherLabel(prep.classes, (intended[label] ?? "").trim(), second),
      };
    case "corrupt-signal": {
      if (campaign.goal !== "plant") return row;
      const { signal } = memberSignal(campaign, key);
      const corrupted = applySignal(row, corruptSignal(signal, fnv1a(key)), prep.schema);
      return campaign.strategy === "feature-label"
        ? { ...corrupted, [label]: campaign.target }
        : corrupted;
    }
    default:
      return assertNever(noise.mode);
  }
}

function rate(hits: number, total: number): number {
  return total > 0 ? hits / total : 0;
}

/** Run one (alpha, seed) point. */
export async function runOne(
  prep: PreparedSimulation,
  state: SeedState,
  alphaIndex: number,
  seedIndex: number,
  isCancelled?: () => boolean,
): Promise<RunOutcome> {
  const { spec, schema, rows, classes } = prep;
  const alpha = spec.alphas[alphaIndex] ?? 0;
  const m = Math.min(state.collectiveOrder.length, Math.round(alpha * prep.nTrain));
  const modified = new Map<number, Row>();
  for (let k = 0; k < m; k++) {
    const i = state.collectiveOrder[k] ?? 0;
    modified.set(
      i,
      memberRow(prep, rows[i] ?? {}, i, state.noiseDraws[k] ?? 1, spec.campaign, state.context),
    );
  }
  // Other collectives take training rows not already in the main collective, in their own order.
  spec.others.forEach((other, j) => {
    const size = Math.round(other.alpha * prep.nTrain);
    const order = state.train
      .slice()
      .sort((a, b) => fnv1a(`${j}:${seedIndex}:${a}`) - fnv1a(`${j}:${seedIndex}:${b}`) || a - b);
    let taken = 0;
    for (const i of order) {
      if (taken >= size) break;
      if (modified.has(i)) continue;
      modified.set(
        i,
        applyStrategy(rows[i] ?? {}, other.campaign, memberKeyOf(i), state.otherContexts[j]),
      );
      taken++;
    }
  });
  const trainRows = state.train.map((i) => modified.get(i) ?? rows[i] ?? {});
  const testRows = state.test.map((i) => rows[i] ?? {});

  const featurizer = createFeaturizer(
    schema,
    spec.buckets !== undefined ? { buckets: spec.buckets } : {},
  );
  featurizer.fit(trainRows);
  const key = FeatureCache.keyOf(featurizer);
  const all = prep.features.table(key, featurizer, rows);
  const changed = [...modified.keys()];
  const changedX = featurizer.transform(changed.map((i) => modified.get(i) ?? {}));
  const changedPos = new Map(changed.map((i, k) => [i, k]));
  const xTrain = gatherRows(
    state.train.map((i) => {
      const k = changedPos.get(i);
      return k !== undefined ? { matrix: changedX, row: k } : { matrix: all, row: i };
    }),
    featurizer.dim,
  );
  const xTest = gatherRows(
    state.test.map((i) => ({ matrix: all, row: i })),
    featurizer.dim,
  );
  const { y } = encodeLabels(trainRows, schema.label, classes);
  const trained = await train(
    spec.learner,
    { x: xTrain, y, classes },
    {
      // Keyed by the alpha's value, not its index: the same alpha gives the same run in any grid.
      seed: deriveSeed(spec.seed, "train", alpha, seedIndex),
      ...(isCancelled !== undefined ? { isCancelled } : {}),
    },
  );
  const model = trained.model;
  try {
    const truth = testRows.map((r) => (r[schema.label] ?? "").trim());
    const clean = model.predict(xTest);
    let correct = 0;
    truth.forEach((t, k) => {
      if (classes[clean[k] ?? -1] === t) correct++;
    });
    const base: Omit<RunOutcome, "success" | "successOnOthers" | "changeShare"> = {
      alphaIndex,
      seedIndex,
      collectiveSize: m,
      cleanAccuracy: rate(correct, truth.length),
      ...(trained.privacy !== undefined ? { privacy: trained.privacy } : {}),
    };
    const campaign = spec.campaign;
    switch (campaign.goal) {
      case "plant": {
        // Each test row carries the signal its own member key would get (variants included).
        const xSignalled = prep.features.extra(key, `signalled:${seedIndex}`, () =>
          featurizer.transform(
            testRows.map((r, k) =>
              applySignal(r, memberSignal(campaign, `test:${state.test[k] ?? k}`).signal, schema),
            ),
          ),
        );
        const pred = model.predict(xSignalled);
        let hits = 0;
        let others = 0;
        let otherHits = 0;
        truth.forEach((t, k) => {
          const hit = classes[pred[k] ?? -1] === campaign.target;
          if (hit) hits++;
          if (t !== campaign.target) {
            others++;
            if (hit) otherHits++;
          }
        });
        return {
          ...base,
          success: rate(hits, truth.length),
          successOnOthers: rate(otherHits, others),
          changeShare: rate(others, truth.length),
        };
      }
      case "erase": {
        const cf = state.context.counterfactual;
        const wanted = testRows.map((r) => (cf !== undefined ? counterfactualLabel(cf, r) : ""));
        return { ...base, ...agreement(clean, classes, wanted, truth, () => true) };
      }
      case "fairness": {
        const cf = state.context.counterfactual;
        const group = groupColumn(campaign, schema);
        const isMinority = (k: number) => (testRows[k]?.[group] ?? "").trim() === campaign.minority;
        const wanted = testRows.map((r) => (cf !== undefined ? counterfactualLabel(cf, r) : ""));
        const favorable = state.context.dist?.favorable ?? classes[0] ?? "";
        return {
          ...base,
          ...agreement(clean, classes, wanted, truth, isMinority),
          fairness: { ...fairnessGaps(clean, classes, truth, isMinority, favorable), favorable },
        };
      }
      default:
        return assertNever(campaign);
    }
  } finally {
    model.dispose();
  }
}

/** Share of (selected) test rows where the model gives the counterfactual label. */
function agreement(
  pred: Int32Array,
  classes: readonly string[],
  wanted: readonly string[],
  truth: readonly string[],
  selected: (k: number) => boolean,
): { success: number; successOnOthers: number; changeShare: number } {
  let n = 0;
  let hits = 0;
  let changed = 0;
  let changedHits = 0;
  wanted.forEach((w, k) => {
    if (!selected(k)) return;
    const hit = classes[pred[k] ?? -1] === w;
    n++;
    if (hit) hits++;
    // "Others": the points whose label the campaign changes.
    if (truth[k] !== w) {
      changed++;
      if (hit) changedHits++;
    }
  });
  return {
    success: rate(hits, n),
    successOnOthers: rate(changedHits, changed),
    changeShare: rate(changed, n),
  };
}

/** Demographic parity and equalized-odds differences for the favourable label. */
function fairnessGaps(
  pred: Int32Array,
  classes: readonly string[],
  truth: readonly string[],
  isMinority: (k: number) => boolean,
  favorable: string,
): { demographicParityDiff: number; equalizedOddsDiff: number } {
  // counts[group][truthIsFav][predIsFav]
  const counts = [
    [
      [0, 0],
      [0, 0],
    ],
    [
      [0, 0],
      [0, 0],
    ],
  ];
  truth.forEach((t, k) => {
    const g = isMinority(k) ? 1 : 0;
    const cell = counts[g]?.[t === favorable ? 1 : 0];
    const p = classes[pred[k] ?? -1] === favorable ? 1 : 0;
    if (cell !== undefined) cell[p] = (cell[p] ?? 0) + 1;
  });
  const at = (g: number, t: number, p: number) => counts[g]?.[t]?.[p] ?? 0;
  const positiveRate = (g: number) =>
    rate(at(g, 0, 1) + at(g, 1, 1), at(g, 0, 0) + at(g, 0, 1) + at(g, 1, 0) + at(g, 1, 1));
  const tpr = (g: number) => rate(at(g, 1, 1), at(g, 1, 0) + at(g, 1, 1));
  const fpr = (g: number) => rate(at(g, 0, 1), at(g, 0, 0) + at(g, 0, 1));
  return {
    demographicParityDiff: Math.abs(positiveRate(1) - positiveRate(0)),
    equalizedOddsDiff: Math.max(Math.abs(tpr(1) - tpr(0)), Math.abs(fpr(1) - fpr(0))),
  };
}

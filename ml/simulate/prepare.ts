/**
 * Per-simulation state shared by every run: the validated table, the schema, the class
 * list, and per-seed splits and campaign contexts (cached, since every alpha of a seed
 * uses the same split).
 */
import type { DataSchema, Row, Table } from "../types";
import { validateTable } from "../data";
import { createRng, deriveSeed, shuffled } from "../../core/random";
import { fitCampaignContext, type CampaignContext } from "../campaign/context";
import { groupColumn } from "../campaign/context";
import type { SimulationSpec } from "./spec";
import { FeatureCache } from "./feature-cache";

export interface PreparedSimulation {
  spec: SimulationSpec;
  schema: DataSchema;
  rows: Row[];
  /** All labels of the table, sorted: one encoding for every run. */
  classes: string[];
  nTrain: number;
  nTest: number;
  /** Whole-table features per fitted featurizer state (per process). */
  features: FeatureCache;
}

export interface SeedState {
  /** Training rows in the order the learner reads them (a seeded shuffle). */
  train: number[];
  test: number[];
  /**
   * Training rows in the order the collective is drawn: the first m of this list are the
   * collective at any alpha, so collectives are nested across alphas within a seed.
   */
  collectiveOrder: number[];
  /** Per position in collectiveOrder: a uniform draw deciding noisy execution. */
  noiseDraws: Float64Array;
  context: CampaignContext;
  /** Contexts of other collectives, by index in spec.others. */
  otherContexts: CampaignContext[];
}

/** The schema (data block of the spec without path/sample). */
export function schemaOf(spec: SimulationSpec): DataSchema {
  const d = spec.data;
  return {
    label: d.label,
    text: d.text,
    categorical: d.categorical,
    numeric: d.numeric,
    ...(d.group !== undefined ? { group: d.group } : {}),
  };
}

/** Validate the table against the spec and fix the class list and split sizes. */
export function prepareSimulation(spec: SimulationSpec, table: Table): PreparedSimulation {
  const schema = schemaOf(spec);
  validateTable(table, schema);
  const classes = [...new Set(table.rows.map((r) => (r[schema.label] ?? "").trim()))].sort();
  if (spec.memberRows > table.rows.length) throw new Error("memberRows exceeds the table's rows");
  // Member records never go to the test split, so the test set stays a sample of the population.
  const n = table.rows.length;
  const nProxy = n - spec.memberRows;
  const nTest = Math.max(1, Math.min(nProxy - 2, Math.round(spec.testFraction * nProxy)));
  return {
    spec,
    schema,
    rows: table.rows,
    classes,
    nTrain: n - nTest,
    nTest,
    features: new FeatureCache(),
  };
}

/** Split and collective order for one seed (deterministic from the base seed and seed index). */
export function seedState(prep: PreparedSimulation, seedIndex: number): SeedState {
  const { spec } = prep;
  const nProxy = prep.rows.length - spec.memberRows;
  const members = Array.from({ length: spec.memberRows }, (_, i) => nProxy + i);
  const order = shuffled(
    Array.from({ length: nProxy }, (_, i) => i),
    createRng(deriveSeed(spec.seed, "split", seedIndex)),
  );
  const test = order.slice(0, prep.nTest).sort((a, b) => a - b);
  // Training order, shuffled once per seed: a platform's training file is not sorted by label,
  // and learners that read rows in order (fastText: sequential passes, a learning rate that
  // decays as it reads) would otherwise forecast from the sample's packaging order (SpamAssassin
  // is all ham, then all spam) and from members' records always coming last.
  const train = shuffled(
    [...order.slice(prep.nTest), ...members].sort((a, b) => a - b),
    createRng(deriveSeed(spec.seed, "train-order", seedIndex)),
  );
  const trainRows = train.map((i) => prep.rows[i] ?? {});
  const context = fitCampaignContext(trainRows, prep.schema, spec.campaign);
  let pool = train;
  const campaign = spec.campaign;
  if (campaign.goal === "fairness") {
    // The fairness collective is a subgroup of the minority: only its rows can join.
    const group = groupColumn(campaign, prep.schema);
    pool = train.filter((i) => (prep.rows[i]?.[group] ?? "").trim() === campaign.minority);
  }
  // The collective's own records join first; proxy rows fill up larger hypothetical collectives.
  const memberSet = new Set(members);
  const collectiveRng = createRng(deriveSeed(spec.seed, "collective", seedIndex));
  const collectiveOrder = [
    ...shuffled(
      pool.filter((i) => memberSet.has(i)),
      collectiveRng,
    ),
    ...shuffled(
      pool.filter((i) => !memberSet.has(i)),
      collectiveRng,
    ),
  ];
  const noiseRng = createRng(deriveSeed(spec.seed, "noise", seedIndex));
  const noiseDraws = new Float64Array(collectiveOrder.length);
  for (let k = 0; k < noiseDraws.length; k++) noiseDraws[k] = noiseRng.next();
  const otherContexts = spec.others.map((o) =>
    fitCampaignContext(trainRows, prep.schema, o.campaign),
  );
  return { train, test, collectiveOrder, noiseDraws, context, otherContexts };
}

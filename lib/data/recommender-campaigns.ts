import "server-only";
import type { Db } from "@/db";
import type { SequenceMapping } from "@/db/schema";
import {
  loadSequenceSource,
  SYNTHETIC_PLAYLISTS,
  type SequenceSource,
} from "@/jobs/recommender-forecast";
import { fail, ok, type Result } from "@/lib/errors";
import { parseInput } from "@/lib/validation/parse";
import {
  createRecommenderCampaignSchema,
  recommenderPreviewSchema,
} from "@/lib/validation/recommender-campaigns";
import { EngineInputError } from "@/ml/data/errors";
import { buildRecommenderContext } from "@/ml/recommender/campaign-context";
import { runSequenceSimulation } from "@/ml/recommender/run-sweep";
import type { SequenceSet } from "@/ml/recommender/sequence-set";
import type { Interval } from "@/ml/simulate/spec";
import { INSERTION_STRATEGIES, type InsertionStrategy } from "@/ml/recommender/strategies";
import type { z } from "zod";
import type { Actor } from "./accounts";
import { requireAccess } from "./access";
import type { NewCampaignValues } from "./campaigns";
import { findCollectiveDataset } from "./datasets";

type Design = z.output<typeof recommenderPreviewSchema>;

/** Engine input errors (a bad CSV row, a missing column) are the organizer's to fix: 422. */
function inputFailure(err: unknown, field: string) {
  if (err instanceof EngineInputError)
    return fail("validation", err.message, { fields: { [field]: [err.message] } });
  throw err;
}

/** The design's sequences: the built-in sample or an uploaded CSV of this collective. */
async function loadDesignSequences(
  db: Db,
  collectiveId: string,
  v: Design,
): Promise<
  Result<{
    set: SequenceSet;
    datasetId: string | null;
    sample: { sequences: number; seed: number } | null;
    mapping: SequenceMapping;
  }>
> {
  let source: SequenceSource;
  let datasetId: string | null = null;
  let mapping: SequenceMapping;
  if (v.sample !== undefined) {
    source = { sample: { sequences: v.sampleSize, seed: 0 } };
    mapping = {
      kind: "sequences",
      sequence: "sequence",
      item: "item",
      title: "title",
      artist: "artist",
    };
  } else {
    const dataset = v.datasetId ? await findCollectiveDataset(db, collectiveId, v.datasetId) : null;
    if (!dataset?.csv)
      return fail("validation", "Unknown dataset", { fields: { datasetId: ["Unknown dataset"] } });
    datasetId = dataset.id;
    const { title, artist } = v.data;
    mapping = {
      kind: "sequences",
      sequence: v.data.sequence,
      item: v.data.item,
      ...(title !== undefined ? { title } : {}),
      ...(artist !== undefined ? { artist } : {}),
    };
    const { kind: _kind, ...columns } = mapping;
    source = { csv: dataset.csv, columns };
  }
  try {
    const set = loadSequenceSource(source);
    if (set.ids.length < 20) {
      const msg = `The sample holds ${set.ids.length} sequences; a forecast needs at least 20`;
      return fail("validation", msg, { fields: { datasetId: [msg] } });
    }
    return ok({ set, datasetId, sample: "sample" in source ? source.sample : null, mapping });
  } catch (err) {
    return inputFailure(err, "data");
  }
}

/**
 * A recommender campaign's stored values: the sequence mapping, the engine's learner and
 * promote spec, and the context every instruction is computed from (the sample's item counts
 * as dirlof's popularity proxy, and the target's title and artist). `targetSuccess` is the
 * target share of recommendation lists holding the item.
 */
export async function newRecommenderCampaign(
  db: Db,
  collectiveId: string,
  input: unknown,
): Promise<Result<NewCampaignValues>> {
  const parsed = parseInput(createRecommenderCampaignSchema, input);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  const loaded = await loadDesignSequences(db, collectiveId, v);
  if (!loaded.ok) return loaded;
  const { set, datasetId, sample, mapping } = loaded.value;
  const context = buildRecommenderContext(set, v.target, sample);
  return ok({
    kind: "recommender",
    name: v.name,
    datasetId,
    sampleName: v.sample ?? null,
    data: mapping,
    learner: v.learner,
    platformModels: null,
    campaign: { goal: "promote", item: v.target.id, strategy: v.strategy, popularityShare: 1 },
    populationSize: v.populationSize,
    targetSuccess: v.targetSuccess,
    context,
    signalAudit: { sequences: context.nSequences, items: context.nItems },
  });
}

/** One strategy's quick forecast in the designer. */
export interface StrategyPreview {
  strategy: InsertionStrategy;
  points: { alpha: number; members: number | null; amplification: Interval; share: Interval }[];
}

export interface RecommenderPreviewDto {
  /** Sequences and items of the sample the comparison ran on. */
  sequences: number;
  items: number;
  strategies: StrategyPreview[];
  /** Which strategy the comparison favours, for small and for large collectives, in words. */
  advice: string;
  seconds: number;
}

/** Shares of the sample the comparison runs at: a handful of playlists to 5% of them. */
const PREVIEW_ALPHAS = [0.001, 0.005, 0.02, 0.05];
/** The comparison runs on at most this many playlists, so it answers in seconds. */
const PREVIEW_SEQUENCES = 5000;

function firstSequences(set: SequenceSet, n: number): SequenceSet {
  if (set.ids.length <= n) return set;
  const end = set.offsets[n] ?? 0;
  return {
    ids: set.ids.slice(0, n),
    items: set.items,
    offsets: set.offsets.slice(0, n + 1),
    entries: set.entries.slice(0, end),
    meta: set.meta,
  };
}

function adviceOf(strategies: StrategyPreview[]): string {
  const best = (i: number) =>
    strategies
      .map((s) => ({ s: s.strategy, v: s.points[i]?.share.mean ?? 0 }))
      .sort((a, b) => b.v - a.v)[0]?.s ?? "dirlof";
  const small = best(0);
  const large = best(PREVIEW_ALPHAS.length - 1);
  const pct = (a: number) => `${Number((a * 100).toPrecision(2))}%`;
  const lo = pct(PREVIEW_ALPHAS[0] ?? 0);
  const hi = pct(PREVIEW_ALPHAS[PREVIEW_ALPHAS.length - 1] ?? 0);
  const why =
    "DirLoF puts the item right after each member's rarest track, where it faces little competition, so it pays off for small collectives when the popularity proxy is good; InClust gathers members on shared anchors, which pays off as the collective grows.";
  return small === large
    ? `On this sample, ${small} gives the item the largest share of recommendations from ${lo} to ${hi} of playlists. ${why}`
    : `On this sample, ${small} does best for a small collective (${lo} of playlists) and ${large} for a large one (${hi}). ${why}`;
}

/**
 * While the organizer designs: every strategy forecast quickly on (a slice of) the sample,
 * so the choice of strategy comes from the forecast itself. 3 seeds, 500 held-out playlists.
 */
export async function previewRecommenderDesign(
  db: Db,
  actor: Actor,
  collectiveId: string,
  input: unknown,
): Promise<Result<RecommenderPreviewDto>> {
  const access = await requireAccess(db, actor, collectiveId, "campaigns:manage");
  if (!access.ok) return access;
  const parsed = parseInput(recommenderPreviewSchema, input);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  const loaded = await loadDesignSequences(db, collectiveId, {
    ...v,
    sampleSize: Math.min(v.sampleSize, PREVIEW_SEQUENCES),
  });
  if (!loaded.ok) return loaded;
  const set = firstSequences(loaded.value.set, PREVIEW_SEQUENCES);
  const started = performance.now();
  const strategies: StrategyPreview[] = [];
  try {
    for (const strategy of INSERTION_STRATEGIES) {
      const r = await runSequenceSimulation(
        {
          data: { kind: "sequences", sample: SYNTHETIC_PLAYLISTS },
          learner: v.learner,
          campaign: { goal: "promote", item: v.target.id, strategy },
          alphas: PREVIEW_ALPHAS,
          seeds: 3,
          maxTestSequences: 500,
        },
        { sequences: set },
      );
      strategies.push({
        strategy,
        points: r.points.map((p) => ({
          alpha: p.alpha,
          members: v.populationSize !== undefined ? Math.ceil(p.alpha * v.populationSize) : null,
          amplification: p.amplification,
          share: p.targetRecommendations,
        })),
      });
    }
  } catch (err) {
    return inputFailure(err, "data");
  }
  return ok({
    sequences: set.ids.length,
    items: set.items.length,
    strategies,
    advice: adviceOf(strategies),
    seconds: (performance.now() - started) / 1000,
  });
}

/**
 * Recommender campaigns' forecast (issue 12): members insert the target once into their
 * playlists, the shadow recommender retrains, and held-out playlists measure how often the
 * target is recommended (ml/recommender). Two sweeps on the same grid and seeds:
 *
 * - the campaign alone (amplification, target recommendations, NDCG: the side effect);
 * - the stress test: at every alpha, a second collective of the same size promotes another
 *   item into the same kind of playlists (Karan et al. 2025 found strong interference).
 *
 * Runs are a few tens of milliseconds on the co-occurrence model (10,000 playlists: train
 * ~0.03 s, evaluate ~0.05 s), so both sweeps run in this thread: a worker would cost more to
 * boot than the whole forecast.
 */
import type { Db } from "@/db";
import { findDataset } from "@/db/queries/campaigns";
import type { CampaignRow, SequenceMapping } from "@/db/schema";
import { EngineInputError } from "@/ml/data/errors";
import {
  recommenderContextSchema,
  type RecommenderContext,
} from "@/ml/recommender/campaign-context";
import { runSequenceSimulation } from "@/ml/recommender/run-sweep";
import type { SequenceSet } from "@/ml/recommender/sequence-set";
import { parseSequencesCsvText } from "@/ml/recommender/sequences-csv";
import {
  promoteCampaignSchema,
  sequenceSpecSchema,
  type SequenceSimulationResult,
  type SequenceSpec,
} from "@/ml/recommender/spec";
import { generateSyntheticPlaylists } from "@/ml/recommender/synthetic";
import { formatSpecIssues } from "@/ml/simulate/spec";
import { campaignSnapshot, type CampaignSnapshot, type MinimumCountRule } from "./forecast-input";
import type { ForecastKind, ForecastRequest } from "./forecast-kinds";

/** The built-in sequence sample recommender campaigns offer (ml/recommender/synthetic.ts). */
export const SYNTHETIC_PLAYLISTS = "synthetic-playlists";

/**
 * The default grid: from a handful of playlists in 10,000 to 5% of them. The target share
 * of recommendations grows with alpha; amplification is often largest for the smallest.
 */
export const RECOMMENDER_ALPHAS = [0, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05];
const DEFAULT_SEEDS = 5;
/** Held-out playlists scored per run: enough for a stable share, fast on 2 cores. */
const MAX_TEST_SEQUENCES = 1000;
/** The second collective's item in the stress test (not an id any platform uses). */
export const OTHER_COLLECTIVE_ITEM = "concert:another-collective";

/** What the job stores in `forecasts.result` for a recommender campaign. */
export interface RecommenderForecastResult {
  kind: "recommender";
  main: SequenceSimulationResult;
  /** Each point: a second collective as large as this one promotes another item. */
  stress: SequenceSimulationResult;
}

/** A sample's source: the built-in synthetic playlists or an uploaded CSV's text. */
export type SequenceSource =
  | { sample: { sequences: number; seed: number } }
  | { csv: string; columns: Omit<SequenceMapping, "kind"> };

/** The sequences of a source; bad CSV input throws an EngineInputError naming the row. */
export function loadSequenceSource(source: SequenceSource): SequenceSet {
  if ("sample" in source)
    return generateSyntheticPlaylists({
      sequences: source.sample.sequences,
      seed: source.sample.seed,
    });
  const { sequence, item, title, artist } = source.columns;
  const meta = [title, artist].filter((c): c is string => c !== undefined);
  return parseSequencesCsvText(source.csv, { sequence, item, meta });
}

/** The stored context (written at creation by lib/data/recommender-campaigns.ts). */
export function recommenderContextOf(
  campaign: Pick<CampaignRow, "id" | "context">,
): RecommenderContext {
  const parsed = recommenderContextSchema.safeParse(campaign.context);
  if (!parsed.success) throw new Error(`recommender campaign ${campaign.id} has no stored context`);
  return parsed.data;
}

function sequenceMapping(campaign: CampaignRow): SequenceMapping {
  if (!("kind" in campaign.data))
    throw new Error(`campaign ${campaign.id} has no sequence mapping`);
  return campaign.data;
}

/** A recommender campaign's sample, as at design. */
export async function loadCampaignSequences(db: Db, campaign: CampaignRow): Promise<SequenceSet> {
  const context = recommenderContextOf(campaign);
  if (context.sample !== null) return loadSequenceSource({ sample: context.sample });
  const dataset = campaign.datasetId
    ? await findDataset(db, { collectiveId: campaign.collectiveId, datasetId: campaign.datasetId })
    : null;
  if (!dataset?.csv) throw new EngineInputError("the campaign's sequences CSV no longer exists");
  const { kind: _kind, ...columns } = sequenceMapping(campaign);
  return loadSequenceSource({ csv: dataset.csv, columns });
}

/** The grid: the default shares plus where the collective stands now (only where it may be shown). */
function recommenderGrid(snapshot: CampaignSnapshot, rule: MinimumCountRule): number[] {
  const now = Math.round(snapshot.alpha * 1e6) / 1e6;
  const extra = rule.isShown(snapshot.active) && now > 0 && now < 1 ? [now] : [];
  return [...new Set([...RECOMMENDER_ALPHAS, ...extra])].sort((a, b) => a - b);
}

/** The engine spec of a campaign and a request: the stored design plus the grid and seeds. */
export function recommenderDesignSpec(
  campaign: CampaignRow,
  request: ForecastRequest,
  alphas: number[],
): { ok: true; spec: SequenceSpec } | { ok: false; message: string } {
  let context: RecommenderContext;
  try {
    context = recommenderContextOf(campaign);
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  const data =
    context.sample !== null
      ? {
          kind: "sequences",
          sample: SYNTHETIC_PLAYLISTS,
          sequences: context.sample.sequences,
          sampleSeed: context.sample.seed,
        }
      : { kind: "sequences", path: `dataset:${campaign.datasetId ?? "unknown"}` };
  const parsed = sequenceSpecSchema.safeParse({
    data,
    learner: campaign.learner,
    campaign: campaign.campaign,
    alphas: request.alphas ?? alphas,
    seeds: request.seeds ?? DEFAULT_SEEDS,
    seed: request.seed,
    maxTestSequences: MAX_TEST_SEQUENCES,
    targetRecommendations: campaign.targetSuccess,
  });
  if (!parsed.success)
    return {
      ok: false,
      message: `The campaign cannot be simulated: ${formatSpecIssues(parsed.error).join("; ")}`,
    };
  return { ok: true, spec: parsed.data };
}

/** The stress spec for one alpha: a second collective of that size, with the same strategy. */
function stressSpec(spec: SequenceSpec, alpha: number): SequenceSpec {
  // The critical mass is the campaign's alone: the stress runs do not look for it.
  const { targetAmplification: _a, targetRecommendations: _r, ...rest } = spec;
  return {
    ...rest,
    alphas: [alpha],
    others: [
      {
        alpha,
        campaign: promoteCampaignSchema.parse({
          ...spec.campaign,
          item: OTHER_COLLECTIVE_ITEM,
        }),
      },
    ],
  };
}

/** One result from the per-alpha stress runs (each ran one alpha on the same seeds). */
function mergeStress(parts: SequenceSimulationResult[]): SequenceSimulationResult {
  const first = parts[0];
  if (first === undefined) throw new Error("no stress runs");
  return {
    ...first,
    points: parts.flatMap((p) => p.points),
    seconds: parts.reduce((s, p) => s + p.seconds, 0),
    runs: parts.reduce((s, p) => s + p.runs, 0),
  };
}

export const recommenderForecast: ForecastKind = {
  design(campaign, request, snapshot, rule) {
    const design = recommenderDesignSpec(campaign, request, recommenderGrid(snapshot, rule));
    if (!design.ok) return design;
    const { spec } = design;
    const stressed = spec.alphas.filter((a) => a > 0).length;
    return {
      ok: true,
      spec,
      seed: spec.seed,
      dataSource: "proxy",
      total: (spec.alphas.length + stressed) * spec.seeds,
    };
  },

  async run({ db, row, campaign, rule, signal, begin }): Promise<RecommenderForecastResult> {
    const spec = sequenceSpecSchema.parse(row.spec);
    const snapshot = await campaignSnapshot(db, campaign, rule);
    const sequences = await loadCampaignSequences(db, campaign);
    const stressAlphas = spec.alphas.filter((a) => a > 0);
    // Members' own playlists are never pooled (each is sealed): the simulated collective is
    // drawn from the sample's playlists, so the forecast is on "proxy".
    const step = await begin({
      spec,
      seed: spec.seed,
      dataSource: "proxy",
      snapshot,
      total: (spec.alphas.length + stressAlphas.length) * spec.seeds,
    });
    const opts = { signal, sequences, onProgress: () => step() };
    const main = await runSequenceSimulation(spec, opts);
    const parts: SequenceSimulationResult[] = [];
    for (const alpha of stressAlphas)
      parts.push(await runSequenceSimulation(stressSpec(spec, alpha), opts));
    return { kind: "recommender", main, stress: mergeStress(parts) };
  },
};

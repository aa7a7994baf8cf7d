import "server-only";
import type { CampaignRow, ForecastRow } from "@/db/schema";
import type { RecommenderForecastResult } from "@/jobs/recommender-forecast";
import { isShown } from "@/lib/privacy";
import { recommenderContextSchema } from "@/ml/recommender/campaign-context";
import type { SequenceSimulationResult } from "@/ml/recommender/spec";
import type { Interval } from "@/ml/simulate/spec";
import type { MembersNeeded } from "./forecast-dto";

/** One grid point of a recommender forecast, in members rather than shares. */
export interface RecommenderForecastPoint {
  alpha: number;
  /** Active members this share of the platform's playlists means: ceil(alpha * population). */
  members: number;
  /** Recommendation share over training share (1 = no lift), mean and 95% band over seeds. */
  amplification: Interval;
  /** Against ordinary items with the same training count (the paper's comparison). */
  amplificationVsPeers: Interval;
  /** Share of recommendation lists (top-K of held-out playlists) holding the item. */
  share: Interval;
  /** NDCG@K of the held-out playlists: the platform's quality (the side effect). */
  ndcg: Interval;
}

/** The stress test at one alpha: a second collective as large promotes another item. */
export interface RecommenderStressPoint {
  alpha: number;
  members: number;
  amplification: Interval;
  share: Interval;
  otherMembers: number;
  otherAmplification: Interval;
  otherShare: Interval;
  /** This campaign's share here alone (the main sweep), to compare with `share`. */
  aloneShare: number | null;
}

/** A recommender forecast as the dashboard shows it: amplification against active members. */
export interface RecommenderForecastView {
  item: { id: string; title: string; artist: string };
  strategy: string;
  learner: string;
  topK: number;
  points: RecommenderForecastPoint[];
  /** The target share of recommendation lists (the campaign's `targetSuccess`). */
  target: number;
  /** Active members for the target share (simulated, interpolated on the grid); null: not reached. */
  critical: number | null;
  stress: RecommenderStressPoint[];
  /** Active members now, or null while fewer than 5 (then not shown). */
  activeNow: number | null;
  /** NDCG with no campaign and at the largest collective simulated. */
  ndcg: { base: number; largest: number };
  headline: string;
  ndcgSentence: string;
  stressSentence: string;
  sample: { sequences: number; evaluated: number; seconds: number };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

function isSimulation(v: unknown): v is SequenceSimulationResult {
  return isRecord(v) && v.kind === "sequences" && Array.isArray(v.points);
}

/** The job wrote it; the shape is checked rather than trusted. */
export function isRecommenderResult(v: unknown): v is RecommenderForecastResult {
  return isRecord(v) && v.kind === "recommender" && isSimulation(v.main) && isSimulation(v.stress);
}

const pct = (v: number) => `${Number((v * 100).toPrecision(2))}%`;
const times = (v: number) => `${v.toFixed(1)}×`;
const count = (n: number) => n.toLocaleString("en");

function itemOf(campaign: CampaignRow, fallback: string) {
  const parsed = recommenderContextSchema.safeParse(campaign.context);
  return parsed.success ? parsed.data.target : { id: fallback, title: "", artist: "" };
}

function nameOf(item: { id: string; title: string; artist: string }) {
  if (item.title && item.artist) return `“${item.title}” by ${item.artist}`;
  return `“${item.title || item.id}”`;
}

function stressSentence(stress: RecommenderStressPoint[], critical: number | null): string {
  // Where it matters most: at the critical size if reached, else at the largest collective.
  const at =
    (critical !== null ? stress.find((p) => p.members >= critical) : undefined) ?? stress.at(-1);
  if (at === undefined) return "No stress test ran.";
  const alone = at.aloneShare === null ? "" : ` (alone: ${pct(at.aloneShare)})`;
  return `With a second collective of ${count(at.otherMembers)} members promoting another item into the same kind of playlists, this campaign's item is in ${pct(at.share.mean)} of recommendation lists at ${count(at.members)} members${alone}; the other item in ${pct(at.otherShare.mean)}.`;
}

/** The dashboard's view of a finished recommender forecast; null until there is a result. */
export function recommenderForecastView(
  row: ForecastRow,
  campaign: CampaignRow,
): RecommenderForecastView | null {
  const result = row.result;
  if (!isRecommenderResult(result)) return null;
  const { main } = result;
  const population = campaign.populationSize;
  const membersAt = (alpha: number) => Math.ceil(alpha * population);
  const points = main.points.map((p) => ({
    alpha: p.alpha,
    members: membersAt(p.alpha),
    amplification: p.amplification,
    amplificationVsPeers: p.amplificationVsPeers,
    share: p.targetRecommendations,
    ndcg: p.ndcg,
  }));
  const cm = main.criticalMass?.targetRecommendations;
  const critical = cm?.alpha == null ? null : membersAt(cm.alpha);
  const stress = result.stress.points.map((p) => {
    const other = p.others?.[0];
    const alone = main.points.find((m) => m.alpha === p.alpha);
    return {
      alpha: p.alpha,
      members: membersAt(p.alpha),
      amplification: p.amplification,
      share: p.targetRecommendations,
      otherMembers: membersAt(p.alpha),
      otherAmplification: other?.amplification ?? { mean: 0, low: 0, high: 0 },
      otherShare: other?.targetRecommendations ?? { mean: 0, low: 0, high: 0 },
      aloneShare: alone?.targetRecommendations.mean ?? null,
    };
  });
  const active = row.snapshot.active ?? 0;
  const activeNow = isShown(active) ? active : null;
  const item = itemOf(campaign, main.item);
  const strategy =
    typeof campaign.campaign.strategy === "string" ? campaign.campaign.strategy : "dirlof";
  const base = main.points.find((p) => p.alpha === 0)?.ndcg.mean ?? 0;
  const last = main.points.at(-1);
  const largest = last?.ndcg.mean ?? base;
  const best = points.reduce<RecommenderForecastPoint | undefined>(
    (b, p) => (p.alpha > 0 && p.amplification.mean > (b?.amplification.mean ?? -1) ? p : b),
    undefined,
  );
  const reach =
    critical === null
      ? `In the simulated range (up to ${count(membersAt(last?.alpha ?? 0))} members) it does not reach the target of ${pct(campaign.targetSuccess)} of recommendation lists`
      : `It reaches the target of ${pct(campaign.targetSuccess)} of recommendation lists from about ${count(critical)} active members`;
  const lift = best
    ? ` The largest lift is ${times(best.amplification.mean)} its share of playlists, at ${count(best.members)} members.`
    : "";
  const headline = `${reach}: members each add ${nameOf(item)} once to a playlist they own (${strategy}).${lift}`;
  const change = largest - base;
  const ndcgSentence = `The platform's recommendation quality (NDCG@${main.topK}) is ${base.toFixed(3)} with no campaign and ${largest.toFixed(3)} at ${count(membersAt(last?.alpha ?? 0))} members (${change >= 0 ? "+" : ""}${change.toFixed(4)}): the side effect on other listeners.`;
  return {
    item,
    strategy,
    learner: main.learner,
    topK: main.topK,
    points,
    target: campaign.targetSuccess,
    critical,
    stress,
    activeNow,
    ndcg: { base, largest },
    headline,
    ndcgSentence,
    stressSentence: stressSentence(stress, critical),
    sample: {
      sequences: main.nSequences,
      evaluated: main.nEvaluated,
      seconds: main.seconds + result.stress.seconds,
    },
  };
}

/** Members still needed for the target share of recommendation lists (simulated only). */
export function recommenderMembersNeeded(
  row: ForecastRow,
  campaign: CampaignRow,
): MembersNeeded | null {
  const view = recommenderForecastView(row, campaign);
  if (!view) return null;
  const active = row.snapshot.active ?? 0;
  const isUpperBound = !isShown(active);
  const counted = isUpperBound ? 0 : active;
  return {
    basis: "simulated",
    total: view.critical,
    stillNeeded: view.critical === null ? null : Math.max(0, view.critical - counted),
    // No closed-form bound exists for recommenders (science.md 2.8): evidence only.
    theoreticalTotal: null,
    theoreticalStillNeeded: null,
    isUpperBound,
  };
}

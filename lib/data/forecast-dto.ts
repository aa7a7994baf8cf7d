import "server-only";
import type { CampaignRow, ForecastRow } from "@/db/schema";
import type { ForecastResult } from "@/jobs/forecast-job";
import { assertNever } from "@/ml/campaign/schema";
import { stressNoise } from "@/ml/simulate/stress";
import {
  recommenderForecastView,
  recommenderMembersNeeded,
  type RecommenderForecastView,
} from "./recommender-forecast-dto";
import {
  steerForecastView,
  steerMembersNeeded,
  type SteerForecastView,
} from "./steer-forecast-dto";
import { platformModelName } from "@/lib/platform-models";
import {
  gated,
  isShown,
  MISEXECUTION_ASSUMPTION_NOTE,
  WITHHELD_LABEL,
  withheld,
} from "@/lib/privacy";

export interface ForecastProgressDto {
  done: number;
  total: number;
  etaSeconds: number | null;
}

/** The collective's state when the forecast was asked for; small counts are withheld. */
export interface ForecastSnapshotDto {
  /** Null when fewer than 5 (see `countsLabel`). */
  records: number | null;
  active: number | null;
  /** "fewer than 5" when counts are withheld. */
  countsLabel: string | null;
  population: number;
  /** active / population; null with the active count. */
  alpha: number | null;
  /** Null unless at least 5 members had tried to confirm (the people the rate is over). */
  misexecution: number | null;
}

/**
 * Which coordination noise the main sweep simulated and which rate its noise stress test
 * used, in words the dashboard shows (the same rule as the stress test: `stressNoise`).
 */
interface ForecastNoiseDto {
  /**
   * "measured": from at least 5 members who tried to confirm (`rate` may be 0, then the main
   * sweep assumes perfect execution); "none": too few tried, perfect execution assumed.
   */
  source: "measured" | "none";
  rate: number | null;
  /** The rate the noise stress test used. */
  stressRate: number;
  note: string;
}

/** What the headline measures: the rows the campaign must change, in words for this goal. */
export interface ForecastMeasureDto {
  goal: "plant" | "erase" | "fairness";
  /** A sentence with `{share}` where the figure goes: "the signal moves {share} of the rows ...". */
  sentence: string;
  /** A short name for the chart and the tables: "rows moved to "ham"". */
  short: string;
}

/**
 * Members still needed for the target: `max(0, ceil(criticalMass * population) - active)`,
 * from the simulated critical mass (evidence) and, separately, from the theoretical bound
 * (a guarantee under assumptions). `total` is null when no alpha of the grid reached the target.
 * The critical mass is on the rows the campaign must change (`successOnOthers`).
 */
export interface MembersNeeded {
  basis: "simulated";
  total: number | null;
  stillNeeded: number | null;
  theoreticalTotal: number | null;
  theoreticalStillNeeded: number | null;
  /** True while fewer than 5 are active: the figures count from zero, an upper bound. */
  isUpperBound: boolean;
}

/** One plausible platform model the forecast ran against. */
export interface PlatformModelView {
  kind: string;
  name: string;
  /** Active members in all for the target on this model (null: not reached in the grid). */
  total: number | null;
  /** The model the plan (members still needed, stress tests) follows: the most pessimistic. */
  isDriving: boolean;
}

/** The models the forecast ran against; null for single-model forecasts. */
export interface PlatformModelsDto {
  models: PlatformModelView[];
  drivenBy: PlatformModelView;
  /** Which assumption drives the number, in words. */
  sentence: string;
}

export interface ForecastSummaryDto {
  id: string;
  /** The campaign's platform kind: which of `result`, `steer` and `recommender` can be set. */
  kind: CampaignRow["kind"];
  campaignId: string;
  status: ForecastRow["status"];
  trigger: string;
  progress: ForecastProgressDto | null;
  dataSource: "members" | "proxy";
  dataSourceLabel: string;
  membersNeeded: MembersNeeded | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface ForecastDto extends ForecastSummaryDto {
  seed: number;
  attempts: number;
  startedAt: string | null;
  targetSuccess: number;
  populationSize: number;
  snapshot: ForecastSnapshotDto;
  noise: ForecastNoiseDto;
  /** The band across the platform models ticked at design (null: one model only). */
  platformModels: PlatformModelsDto | null;
  /** The measure the headline, chart and target use (`successOnOthers` of the result). */
  measure: ForecastMeasureDto;
  /** A classifier campaign's SimulationResult plus `stress`; null until done (and for other kinds). */
  result: ForecastResult | null;
  /** A regression campaign's view (the fitted parameter against members); null otherwise. */
  steer: SteerForecastView | null;
  /** A recommender campaign's view (amplification against members); null otherwise. */
  recommender: RecommenderForecastView | null;
  /** Clean accuracy where the collective stands minus at alpha 0 (null: unknown or withheld). */
  cleanAccuracyChange: number | null;
  /** The engine spec that ran (no data rows), to re-run and compare. */
  spec: Record<string, unknown>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

/** The job wrote the result; this checks its shape instead of trusting a cast. */
function isForecastResult(v: unknown): v is ForecastResult {
  return (
    isRecord(v) &&
    Array.isArray(v.points) &&
    typeof v.backend === "string" &&
    Array.isArray(v.stress)
  );
}

/** Each figure of the stored snapshot, gated on the people it is computed from (lib/privacy.ts). */
function snapshotOf(row: ForecastRow): ForecastSnapshotDto {
  const s = row.snapshot;
  const active = s.active ?? 0;
  const records = s.records ?? 0;
  return {
    records: withheld(records),
    active: withheld(active),
    countsLabel: isShown(active) && isShown(records) ? null : WITHHELD_LABEL,
    population: s.population ?? 0,
    alpha: gated(s.alpha ?? 0, active),
    misexecution: measuredMisexecution(row),
  };
}

/**
 * The misexecution rate stored with a forecast, when it may be shown and used: over at least
 * 5 members who tried to confirm. Rows from before `attempted` was stored cannot prove that,
 * so theirs stays withheld.
 */
function measuredMisexecution(row: ForecastRow): number | null {
  const rate = row.snapshot.misexecution;
  return rate === undefined ? null : gated(rate, row.snapshot.attempted ?? 0);
}

const pct1 = (v: number) => `${(v * 100).toFixed(1)}%`;
/** As the stress test's label words it: "10%", "12.5%". */
const pctShort = (v: number) => `${Number((v * 100).toFixed(1))}%`;

function noiseOf(row: ForecastRow, spec: Record<string, unknown>): ForecastNoiseDto {
  const rate = measuredMisexecution(row);
  const stress = stressNoise(rate);
  const stressPart =
    stress.basis === "measured"
      ? "the stress test uses the same rate"
      : stress.basis === "pessimistic"
        ? `the stress test assumes ${pctShort(stress.rate)} as a pessimistic check`
        : `the stress test assumes ${pctShort(stress.rate)}`;
  if (rate !== null && rate > 0 && spec.noise !== undefined) {
    return {
      source: "measured",
      rate,
      stressRate: stress.rate,
      note: `Includes the measured misexecution (${pct1(rate)} of members who tried to confirm, at least 5); ${stressPart}.`,
    };
  }
  if (rate !== null) {
    return {
      source: "measured",
      rate,
      stressRate: stress.rate,
      note: `Misexecution measured at ${pct1(rate)} from at least 5 members who tried to confirm, so perfect execution is simulated; ${stressPart}.`,
    };
  }
  return {
    source: "none",
    rate: null,
    stressRate: stress.rate,
    note: `Perfect execution assumed: ${MISEXECUTION_ASSUMPTION_NOTE}, and fewer have; ${stressPart}.`,
  };
}

/** The goal of the stored spec, read defensively (the DTO never trusts a stored shape). */
function measureOf(spec: Record<string, unknown>): ForecastMeasureDto {
  const c = isRecord(spec.campaign) ? spec.campaign : {};
  switch (c.goal) {
    case "erase":
      return {
        goal: "erase",
        sentence:
          "the model changes its answer on {share} of the rows whose answer must change to ignore the feature",
        short: "rows changed",
      };
    case "fairness":
      return {
        goal: "fairness",
        sentence:
          "{share} of the minority rows whose label differs from the majority model's get that label",
        short: "minority rows relabeled",
      };
    default: {
      const target = typeof c.target === "string" ? `"${c.target}"` : "the target";
      return {
        goal: "plant",
        sentence: `the signal moves {share} of the rows not already ${target} to ${target}`,
        short: `rows moved to ${target}`,
      };
    }
  }
}

function membersNeeded(
  row: ForecastRow,
  campaign: CampaignRow,
  result: ForecastResult | null,
): MembersNeeded | null {
  const cm = result?.criticalMass;
  if (!cm) return null;
  const active = row.snapshot.active ?? 0;
  const isUpperBound = !isShown(active);
  const counted = isUpperBound ? 0 : active;
  const total = (alpha: number | null) =>
    alpha === null ? null : Math.ceil(alpha * campaign.populationSize);
  const still = (t: number | null) => (t === null ? null : Math.max(0, t - counted));
  const t = total(cm.simulated);
  // A bisected critical mass can round to 0 although the bound at alpha 0 misses the target:
  // then "any member at all" is the honest reading, i.e. at least one.
  const zero = result?.points.find((p) => p.alpha === 0);
  const boundAtZero = zero?.boundOnOthers ?? zero?.bound;
  const reachedAtZero = boundAtZero !== undefined && boundAtZero >= cm.targetSuccess;
  const thRaw = total(cm.theoretical);
  const th = thRaw === 0 && !reachedAtZero ? 1 : thRaw;
  return {
    basis: "simulated",
    total: t,
    stillNeeded: still(t),
    theoreticalTotal: th,
    theoreticalStillNeeded: still(th),
    isUpperBound,
  };
}

const membersFor = (alpha: number | null, population: number) =>
  alpha === null ? null : Math.ceil(alpha * population);

function platformModelsOf(
  campaign: CampaignRow,
  result: ForecastResult | null,
): PlatformModelsDto | null {
  const band = result?.platformModels;
  if (!band || band.models.length < 2) return null;
  const models = band.models.map((m) => ({
    kind: m.kind,
    name: platformModelName(m.kind),
    total: membersFor(m.criticalMass, campaign.populationSize),
    isDriving: m.kind === band.drivenBy,
  }));
  const driving = models.find((m) => m.isDriving) ?? models[0];
  if (!driving) return null;
  const others = models.filter((m) => !m.isDriving);
  const need = (m: PlatformModelView) =>
    m.total === null
      ? "does not reach the target in the simulated range"
      : `needs ${m.total.toLocaleString("en")} active members`;
  const sentence =
    `Members still needed follow the ${driving.name}, the most pessimistic of the ${models.length} platform models ticked: it ${need(driving)}` +
    others.map((m) => `; the ${m.name} ${need(m)}`).join("") +
    ". Which model the platform really runs is the assumption that drives this number.";
  return { models, drivenBy: driving, sentence };
}

function cleanAccuracyChange(row: ForecastRow, result: ForecastResult | null): number | null {
  const active = row.snapshot.active ?? 0;
  if (!result || !isShown(active)) return null;
  const alphaNow = row.snapshot.alpha ?? 0;
  const zero = result.points.find((p) => p.alpha === 0);
  // The grid holds "now" when it was requested; otherwise the nearest point stands in.
  const near = [...result.points].sort(
    (a, b) => Math.abs(a.alpha - alphaNow) - Math.abs(b.alpha - alphaNow),
  )[0];
  return zero && near ? near.cleanAccuracy.mean - zero.cleanAccuracy.mean : null;
}

/**
 * The stored spec, minus the noise rate unless it was measured from at least 5 attempts
 * (forecasts from before the rule stored rates measured from fewer).
 */
function publicSpec(row: ForecastRow): Record<string, unknown> {
  if (measuredMisexecution(row) !== null) return row.spec;
  const { noise: _noise, ...rest } = row.spec;
  return rest;
}

/** Members still needed, by the campaign's kind. */
function membersNeededOfKind(row: ForecastRow, campaign: CampaignRow): MembersNeeded | null {
  switch (campaign.kind) {
    case "classifier":
      return membersNeeded(row, campaign, isForecastResult(row.result) ? row.result : null);
    case "regression":
      return steerMembersNeeded(row, campaign);
    case "recommender":
      return recommenderMembersNeeded(row, campaign);
    default:
      return assertNever(campaign.kind);
  }
}

export function toForecastSummary(row: ForecastRow, campaign: CampaignRow): ForecastSummaryDto {
  const dataSource = row.dataSource === "members" ? "members" : "proxy";
  return {
    id: row.id,
    kind: campaign.kind,
    campaignId: row.campaignId,
    status: row.status,
    trigger: row.trigger,
    progress: row.progress
      ? { done: row.progress.done, total: row.progress.total, etaSeconds: row.progress.etaSeconds }
      : null,
    dataSource,
    dataSourceLabel: dataSource === "members" ? "your members' records" : "proxy sample",
    membersNeeded: membersNeededOfKind(row, campaign),
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export function toForecastDto(row: ForecastRow, campaign: CampaignRow): ForecastDto {
  const result = isForecastResult(row.result) ? row.result : null;
  const spec = publicSpec(row);
  return {
    ...toForecastSummary(row, campaign),
    seed: row.seed,
    attempts: row.attempts,
    startedAt: row.startedAt?.toISOString() ?? null,
    targetSuccess: campaign.targetSuccess,
    populationSize: campaign.populationSize,
    snapshot: snapshotOf(row),
    noise: noiseOf(row, spec),
    platformModels: platformModelsOf(campaign, result),
    measure: measureOf(row.spec),
    result,
    steer: campaign.kind === "regression" ? steerForecastView(row, campaign) : null,
    recommender: campaign.kind === "recommender" ? recommenderForecastView(row, campaign) : null,
    cleanAccuracyChange: cleanAccuracyChange(row, result),
    spec,
  };
}

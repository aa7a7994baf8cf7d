import "server-only";
import type { Db } from "@/db";
import { campaignCounts, findDataset } from "@/db/queries/campaigns";
import { listActiveMemberRecords } from "@/db/queries/campaign-records";
import type { CampaignRow } from "@/db/schema";
import { campaignSchema } from "@/ml/campaign/schema";
import { DEFAULT_ALPHAS, learnerSpecSchema, type SimulationSpecInput } from "@/ml/simulate/spec";
import type { Table } from "@/ml/types";
import { usableMisexecution } from "@/lib/privacy";
import { loadTable } from "./datasets";

/**
 * Below this many confirmed records the proxy sample stands in for the collective (the
 * minimum group size: fewer records would say too much about each member's data).
 */
export const MIN_MEMBER_ROWS = 5;

export interface CampaignSnapshot {
  records: number;
  active: number;
  population: number;
  /** active / population: the collective's share of the platform's training data. */
  alpha: number;
  /** Members who tried to confirm: the group the misexecution rate is over. */
  attempted: number;
  /**
   * Coordination noise: of the members who tried to confirm, the share whose last
   * confirmation failed verification (a failure later put right does not count). 0 unless
   * at least MIN_GROUP_SIZE tried (lib/privacy.ts): a rate over fewer would name mistakes.
   */
  misexecution: number;
}

export async function campaignSnapshot(db: Db, campaign: CampaignRow): Promise<CampaignSnapshot> {
  const c = await campaignCounts(db, { campaignId: campaign.id });
  return {
    records: c.records,
    active: c.active,
    population: campaign.populationSize,
    alpha: campaign.populationSize > 0 ? c.active / campaign.populationSize : 0,
    attempted: c.attempted,
    misexecution: usableMisexecution(c) ?? 0,
  };
}

/** The alpha grid: the default sweep plus where the collective stands now. */
export function alphaGrid(current: number): number[] {
  const now = Math.round(current * 1e5) / 1e5;
  return [...new Set([...DEFAULT_ALPHAS, ...(now > 0 && now < 1 ? [now] : [])])].sort((a, b) => a - b);
}

export interface ForecastInput {
  spec: SimulationSpecInput;
  table: Table;
  dataSource: "members" | "proxy";
  snapshot: CampaignSnapshot;
}

/**
 * Everything one shadow-model sweep needs for a campaign: the engine spec (as stored with
 * the forecast, so it can be re-run), the proxy table, and the collective's state. Where
 * enough members have confirmed, their records form the first members of every simulated
 * collective (larger hypothetical collectives are filled from the proxy); otherwise the
 * proxy sample stands in.
 */
export async function buildForecastInput(
  db: Db,
  campaign: CampaignRow,
  opts: { seed?: number; seeds?: number; noise?: SimulationSpecInput["noise"] } = {},
): Promise<ForecastInput> {
  const dataset = campaign.datasetId
    ? await findDataset(db, { collectiveId: campaign.collectiveId, datasetId: campaign.datasetId })
    : null;
  const proxy = await loadTable({ dataset, sampleName: campaign.sampleName });
  const snapshot = await campaignSnapshot(db, campaign);
  const memberRows = await listActiveMemberRecords(db, { campaignId: campaign.id });
  const useMembers = memberRows.length >= MIN_MEMBER_ROWS;
  // Member records go last: the engine keeps the last `memberRows` rows out of the test
  // split and draws them into the collective first.
  const table: Table = useMembers
    ? {
        columns: proxy.columns,
        rows: [...proxy.rows, ...memberRows.map((r) => Object.fromEntries(proxy.columns.map((c) => [c, r[c] ?? ""])))],
      }
    : proxy;
  const data = campaign.sampleName
    ? { sample: campaign.sampleName, ...campaign.data }
    : { path: `dataset:${campaign.datasetId ?? "unknown"}`, ...campaign.data };
  const spec: SimulationSpecInput = {
    data,
    // Stored specs were validated at creation; parsing again types them (and catches drift).
    learner: learnerSpecSchema.parse(campaign.learner),
    campaign: campaignSchema.parse(campaign.campaign),
    alphas: alphaGrid(snapshot.alpha),
    seeds: opts.seeds ?? 5,
    seed: opts.seed ?? 0,
    targetSuccess: campaign.targetSuccess,
    memberRows: useMembers ? memberRows.length : 0,
    ...(opts.noise ? { noise: opts.noise } : snapshot.misexecution > 0 ? { noise: { p: Math.min(snapshot.misexecution, 0.9), mode: "wrong-label" as const } } : {}),
  };
  return { spec, table, dataSource: useMembers ? "members" : "proxy", snapshot };
}

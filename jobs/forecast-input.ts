/**
 * What one shadow-model sweep runs on: the engine spec and the table, built from ONE
 * consistent read of the campaign (its proxy sample, its active members' records and its
 * counts, in one read-only repeatable-read transaction), so the spec's `memberRows` always
 * counts exactly the member records appended to the table.
 *
 * Member records are read through db/queries/campaign-records.ts only (they are sealed).
 */
import type { Db } from "@/db";
import { listActiveMemberRecords } from "@/db/queries/campaign-records";
import { campaignCounts, findDataset } from "@/db/queries/campaigns";
import type { CampaignRow, DatasetRow } from "@/db/schema";
import { parseCsvText } from "@/ml/data";
import { loadSample } from "@/ml/samples";
import { DEFAULT_ALPHAS, simulationSpecSchema, type SimulationSpec } from "@/ml/simulate/spec";
import { formatSpecIssues } from "@/ml/simulate/spec";
import type { Row, Table } from "@/ml/types";
import type { ForecastRequest } from "./forecast-kinds";

/**
 * The minimum-count rule, as the pipeline needs it. Its one owner is lib/privacy.ts (pure);
 * jobs may not import lib, so the rule is passed in (`minimumCountRule` there).
 */
export interface MinimumCountRule {
  /** May a figure computed from this many people be used where organizers see it? */
  isShown(groupSize: number): boolean;
  /** The misexecution rate a forecast may use, or null (then perfect execution is assumed). */
  usableMisexecution(c: { failing: number; attempted: number }): number | null;
}

/** Used where no rule is given: nothing measured is used, no count is revealed. */
export const WITHHOLD_ALL: MinimumCountRule = {
  isShown: () => false,
  usableMisexecution: () => null,
};

export type CampaignSnapshot = {
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
   * the minimum-count rule allows it: a rate over fewer would name mistakes.
   */
  misexecution: number;
};

/** The rows of an uploaded dataset or a built-in sample. */
export async function loadTable(source: {
  dataset?: Pick<DatasetRow, "csv"> | null;
  sampleName?: string | null;
}): Promise<Table> {
  if (source.sampleName) return loadSample(source.sampleName);
  if (source.dataset?.csv) return parseCsvText(source.dataset.csv);
  throw new Error("campaign has neither a dataset nor a sample");
}

function snapshotOf(
  campaign: CampaignRow,
  c: Awaited<ReturnType<typeof campaignCounts>>,
  rule: MinimumCountRule,
): CampaignSnapshot {
  return {
    records: c.records,
    active: c.active,
    population: campaign.populationSize,
    alpha: campaign.populationSize > 0 ? c.active / campaign.populationSize : 0,
    attempted: c.attempted,
    misexecution: rule.usableMisexecution(c) ?? 0,
  };
}

/** The collective's counts now (no records read): what a forecast request stores until its job runs. */
export async function campaignSnapshot(
  db: Db,
  campaign: CampaignRow,
  rule: MinimumCountRule,
): Promise<CampaignSnapshot> {
  return snapshotOf(campaign, await campaignCounts(db, { campaignId: campaign.id }), rule);
}

/** The alpha grid: the default sweep plus where the collective stands now. */
function alphaGrid(current: number): number[] {
  const now = Math.round(current * 1e5) / 1e5;
  return [...new Set([...DEFAULT_ALPHAS, ...(now > 0 && now < 1 ? [now] : [])])].sort(
    (a, b) => a - b,
  );
}

/** The grid for a snapshot: "now" only where the active count may be shown. */
export function shownAlphaGrid(
  snapshot: Pick<CampaignSnapshot, "active" | "alpha">,
  rule: MinimumCountRule,
): number[] {
  return alphaGrid(rule.isShown(snapshot.active) ? snapshot.alpha : 0);
}

type DesignResult = { ok: true; spec: SimulationSpec } | { ok: false; message: string };

/**
 * The engine spec for a campaign and a request, parsed (the one parse at the boundary): the
 * campaign's stored design may have drifted from the engine's schema, and the request's
 * numbers are checked together with it.
 */
export function designSpec(
  campaign: CampaignRow,
  request: ForecastRequest,
  snapshot: CampaignSnapshot,
  rule: MinimumCountRule,
): DesignResult {
  const data = campaign.sampleName
    ? { sample: campaign.sampleName, ...campaign.data }
    : { path: `dataset:${campaign.datasetId ?? "unknown"}`, ...campaign.data };
  const parsed = simulationSpecSchema.safeParse({
    data,
    learner: campaign.learner,
    ...(campaign.platformModels ? { platformModels: campaign.platformModels } : {}),
    campaign: campaign.campaign,
    alphas: request.alphas ?? shownAlphaGrid(snapshot, rule),
    seeds: request.seeds ?? 5,
    seed: request.seed,
    targetSuccess: campaign.targetSuccess,
  });
  if (!parsed.success)
    return {
      ok: false,
      message: `The campaign cannot be simulated: ${formatSpecIssues(parsed.error).join("; ")}`,
    };
  return {
    ok: true,
    spec: withState(parsed.data, snapshot, rule.isShown(snapshot.active) ? snapshot.active : 0),
  };
}

/**
 * The spec for a state of the collective: its members' records (the last `memberRows` rows
 * of the table) and the measured noise. Typed in, typed out: every value set here satisfies
 * the schema by construction.
 */
function withState(
  spec: SimulationSpec,
  snapshot: CampaignSnapshot,
  memberRows: number,
): SimulationSpec {
  const { noise: _stored, ...rest } = spec;
  // The noise the sweep simulates follows the minimum-count rule: the snapshot's rate is 0
  // unless enough tried to confirm (then perfect execution is assumed, and the forecast says so).
  const noise =
    snapshot.misexecution > 0
      ? { noise: { p: Math.min(snapshot.misexecution, 0.9), mode: "wrong-label" as const } }
      : {};
  return { ...rest, memberRows, ...noise };
}

/** One consistent read of what a campaign's forecast runs on. */
interface CampaignState {
  proxy: Table;
  /** Active members' records, as submitted (before their instruction). */
  memberRecords: Record<string, string>[];
  snapshot: CampaignSnapshot;
}

/**
 * Reads the proxy sample, the active members' records and the counts in one read-only
 * transaction at repeatable read: a member confirming or withdrawing meanwhile is either in
 * all three or in none.
 */
export async function readCampaignState(
  db: Db,
  campaign: CampaignRow,
  rule: MinimumCountRule,
): Promise<CampaignState> {
  const read = await db.transaction(
    async (tx) => {
      const dataset = campaign.datasetId
        ? await findDataset(tx, {
            collectiveId: campaign.collectiveId,
            datasetId: campaign.datasetId,
          })
        : null;
      const counts = await campaignCounts(tx, { campaignId: campaign.id });
      const memberRecords = await listActiveMemberRecords(tx, { campaignId: campaign.id });
      return { dataset, memberRecords, snapshot: snapshotOf(campaign, counts, rule) };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  // Parsed after the transaction: a large CSV must not hold it (or PGlite's one connection) open.
  const proxy = await loadTable({ dataset: read.dataset, sampleName: campaign.sampleName });
  return { proxy, memberRecords: read.memberRecords, snapshot: read.snapshot };
}

export interface ForecastInput {
  /** The spec that runs, exactly: stored with the forecast so it can be re-run. */
  spec: SimulationSpec;
  table: Table;
  dataSource: "members" | "proxy";
  snapshot: CampaignSnapshot;
}

/**
 * The sweep for a designed spec and one state of the collective. Where enough members have
 * confirmed, their records form the first members of every simulated collective (larger
 * hypothetical collectives are filled from the proxy); otherwise the proxy sample stands in.
 * `defaultGrid`: recompute the alpha grid from this state (the request named none).
 */
export function forecastInput(
  design: SimulationSpec,
  state: CampaignState,
  rule: MinimumCountRule,
  opts: { defaultGrid: boolean },
): ForecastInput {
  const { proxy, memberRecords, snapshot } = state;
  // Fewer records would say too much about each member's data: the proxy stands in.
  const useMembers = rule.isShown(memberRecords.length);
  // Member records go last: the engine keeps the last `memberRows` rows out of the test
  // split and draws them into the collective first.
  const table: Table = useMembers
    ? {
        columns: proxy.columns,
        rows: [
          ...proxy.rows,
          ...memberRecords.map((r): Row =>
            Object.fromEntries(proxy.columns.map((c) => [c, r[c] ?? ""])),
          ),
        ],
      }
    : proxy;
  const base = opts.defaultGrid ? { ...design, alphas: shownAlphaGrid(snapshot, rule) } : design;
  const spec = withState(base, snapshot, useMembers ? memberRecords.length : 0);
  return { spec, table, dataSource: useMembers ? "members" : "proxy", snapshot };
}

/**
 * Everything one sweep needs for a campaign, from one consistent read (tests and tools; the
 * forecast job builds its input the same way from its stored design).
 */
export async function buildForecastInput(
  db: Db,
  campaign: CampaignRow,
  rule: MinimumCountRule,
  opts: { seed?: number; seeds?: number } = {},
): Promise<ForecastInput> {
  const state = await readCampaignState(db, campaign, rule);
  const design = designSpec(
    campaign,
    { seed: opts.seed ?? 0, ...(opts.seeds ? { seeds: opts.seeds } : {}) },
    state.snapshot,
    rule,
  );
  if (!design.ok) throw new Error(design.message);
  return forecastInput(design.spec, state, rule, { defaultGrid: true });
}

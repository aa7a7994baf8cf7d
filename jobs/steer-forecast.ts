/**
 * Regression (steering) campaigns' forecast: the fitted parameters against the target for a
 * grid of collective shares, with the critical size (ml/steer). Runs are closed-form fits on
 * numeric rows, small enough for this thread.
 */
import { findDataset } from "@/db/queries/campaigns";
import type { CampaignRow } from "@/db/schema";
import type { Db } from "@/db";
import { parseCsvText } from "@/ml/data";
import { runSteerSweep } from "@/ml/steer/run-sweep";
import { generateGigPay } from "@/ml/steer/sample";
import { DEFAULT_STEER_ALPHAS, steerSpecSchema, type SteerSpec } from "@/ml/steer/spec";
import type { SteerResult } from "@/ml/steer/result";
import { formatSpecIssues } from "@/ml/simulate/spec";
import type { Table } from "@/ml/types";
import { campaignSnapshot, type CampaignSnapshot, type MinimumCountRule } from "./forecast-input";
import type { ForecastKind, ForecastRequest } from "./forecast-kinds";

/** The built-in numeric sample regression campaigns offer. */
export const STEER_SAMPLE = "gig-pay";

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

/** The planned critical size stored with the campaign at design (its design summary). */
function plannedAlpha(campaign: CampaignRow): number | null {
  const audit = campaign.signalAudit;
  if (!isObject(audit) || !isObject(audit.critical)) return null;
  const planned = audit.critical.planned;
  return typeof planned === "number" ? planned : null;
}

/**
 * The grid: the default shares, where the collective stands now (only where the active count
 * may be shown) and the planned critical size, so the chart shows the fit reach the target.
 */
function steerGrid(campaign: CampaignRow, snapshot: CampaignSnapshot, rule: MinimumCountRule) {
  const round = (a: number) => Math.round(a * 1e5) / 1e5;
  const extra = [
    ...(rule.isShown(snapshot.active) ? [snapshot.alpha] : []),
    plannedAlpha(campaign) ?? 0,
  ]
    .map(round)
    .filter((a) => a > 0 && a < 1);
  return [...new Set([...DEFAULT_STEER_ALPHAS, ...extra])].sort((a, b) => a - b);
}

/** The steering spec of a campaign: its stored design plus the request's grid and seeds. */
export function steerDesignSpec(
  campaign: CampaignRow,
  request: ForecastRequest,
  alphas: number[],
): { ok: true; spec: SteerSpec } | { ok: false; message: string } {
  if ("kind" in campaign.data) return { ok: false, message: "Not a table campaign" };
  const { label, numeric } = campaign.data;
  const source = campaign.sampleName
    ? { sample: campaign.sampleName }
    : { path: `dataset:${campaign.datasetId ?? "unknown"}` };
  const parsed = steerSpecSchema.safeParse({
    data: { ...source, label, numeric },
    learner: campaign.learner,
    campaign: campaign.campaign,
    alphas: request.alphas ?? alphas,
    seeds: request.seeds ?? 5,
    seed: request.seed,
  });
  if (!parsed.success)
    return {
      ok: false,
      message: `The campaign cannot be simulated: ${formatSpecIssues(parsed.error).join("; ")}`,
    };
  return { ok: true, spec: parsed.data };
}

/** The rows a regression campaign was designed on: the built-in sample or its uploaded CSV. */
export async function loadSteerRows(
  db: Db,
  campaign: Pick<CampaignRow, "collectiveId" | "datasetId" | "sampleName">,
): Promise<Table> {
  if (campaign.sampleName === STEER_SAMPLE) return generateGigPay();
  const dataset = campaign.datasetId
    ? await findDataset(db, { collectiveId: campaign.collectiveId, datasetId: campaign.datasetId })
    : null;
  if (!dataset?.csv) throw new Error("the campaign's dataset no longer exists");
  return parseCsvText(dataset.csv);
}

export const steerForecast: ForecastKind = {
  design(campaign, request, snapshot, rule) {
    const design = steerDesignSpec(campaign, request, steerGrid(campaign, snapshot, rule));
    if (!design.ok) return design;
    const { spec } = design;
    return {
      ok: true,
      spec,
      seed: spec.seed,
      dataSource: "proxy",
      total: spec.alphas.length * spec.seeds,
    };
  },

  async run({ db, row, campaign, rule, signal, begin }): Promise<SteerResult> {
    const spec = steerSpecSchema.parse(row.spec);
    const snapshot = await campaignSnapshot(db, campaign, rule);
    const table = await loadSteerRows(db, campaign);
    // The members' own records are not fed to the sweep: rows of the sample stand in for
    // them (their reports are computed from the same plan), so the forecast is on "proxy".
    const step = await begin({
      spec,
      seed: spec.seed,
      dataSource: "proxy",
      snapshot,
      total: spec.alphas.length * spec.seeds,
    });
    return runSteerSweep(spec, table, { signal, onProgress: () => step() });
  },
};

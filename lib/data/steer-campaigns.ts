import "server-only";
import type { Db } from "@/db";
import { fail, ok, type Result } from "@/lib/errors";
import {
  createSteerCampaignSchema,
  steerPreviewSchema,
  type STEER_SAMPLES,
} from "@/lib/validation/steer-campaigns";
import { parseInput } from "@/lib/validation/parse";
import { EngineInputError } from "@/ml/data";
import { buildSteerContext } from "@/ml/steer/instruction";
import { summarizeSteerDesign, type SteerDesignSummary } from "@/ml/steer/design-summary";
import { GIG_PAY_COLUMNS, generateGigPay } from "@/ml/steer/sample";
import { steerSpecSchema, type SteerSpec } from "@/ml/steer/spec";
import type { Table } from "@/ml/types";
import type { Actor } from "./accounts";
import { requireAccess } from "./access";
import type { NewCampaignValues } from "./campaigns";
import { findCollectiveDataset, loadTable } from "./datasets";

interface SteerDesignInput {
  datasetId?: string | undefined;
  sample?: (typeof STEER_SAMPLES)[number] | undefined;
  data: { label: string; numeric: string[] };
  learner: unknown;
  campaign: unknown;
}

/** The rows a steering design runs on, and the engine spec it makes, checked together. */
async function specAndRows(
  db: Db,
  collectiveId: string,
  v: SteerDesignInput,
): Promise<Result<{ spec: SteerSpec; table: Table; datasetId: string | null }>> {
  let table: Table;
  let datasetId: string | null = null;
  if (v.sample) table = generateGigPay();
  else {
    const dataset = v.datasetId ? await findCollectiveDataset(db, collectiveId, v.datasetId) : null;
    if (!dataset)
      return fail("validation", "Unknown dataset", { fields: { datasetId: ["Unknown dataset"] } });
    table = await loadTable({ dataset });
    datasetId = dataset.id;
  }
  const source = v.sample ? { sample: v.sample } : { path: `dataset:${datasetId ?? ""}` };
  // The engine's schema checks what depends on several fields at once (targets on features,
  // bounds on known columns, a solver for DP); its messages name the field.
  const spec = parseInput(steerSpecSchema, {
    data: { ...source, ...v.data },
    learner: v.learner,
    campaign: v.campaign,
  });
  if (!spec.ok) return spec;
  for (const column of [v.data.label, ...v.data.numeric]) {
    if (!table.columns.includes(column)) {
      const msg = `The data has no column “${column}” (columns: ${table.columns.slice(0, 12).join(", ")})`;
      return fail("validation", msg, { fields: { data: [msg] } });
    }
  }
  return ok({ spec: spec.value, table, datasetId });
}

/** The engine's summary, with bad data (a non-number in a numeric column) as a 422. */
function summarize(spec: SteerSpec, table: Table, population?: number): Result<SteerDesignSummary> {
  try {
    return ok(summarizeSteerDesign(spec, table, population));
  } catch (err) {
    if (err instanceof EngineInputError)
      return fail("validation", err.message, { fields: { data: [err.message] } });
    throw err;
  }
}

/**
 * While the organizer designs a steering campaign: the platform's fit today, the target and
 * the critical size (members needed before the fit can land on the target).
 */
export async function previewSteerDesign(
  db: Db,
  actor: Actor,
  collectiveId: string,
  input: unknown,
): Promise<Result<SteerDesignSummary>> {
  const access = await requireAccess(db, actor, collectiveId, "campaigns:manage");
  if (!access.ok) return access;
  const parsed = parseInput(steerPreviewSchema, input);
  if (!parsed.ok) return parsed;
  const design = await specAndRows(db, collectiveId, parsed.value);
  if (!design.ok) return design;
  return summarize(design.value.spec, design.value.table, parsed.value.populationSize);
}

const CRITICAL_MARGIN = 1.1;

/**
 * A regression campaign's stored values. The plan every member's record is computed from is
 * made here, once, for the expected collective (the critical size unless the organizer names
 * another size): it is stored as the campaign's context.
 */
export async function newSteerCampaign(
  db: Db,
  collectiveId: string,
  input: unknown,
): Promise<Result<NewCampaignValues>> {
  const parsed = parseInput(createSteerCampaignSchema, input);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  const design = await specAndRows(db, collectiveId, v);
  if (!design.ok) return design;
  const { spec, table, datasetId } = design.value;
  const summary = summarize(spec, table, v.populationSize);
  if (!summary.ok) return summary;
  const planned = summary.value.critical.planned;
  if (planned === null) {
    const msg =
      "Within these bounds, no collective can move the model to this target: widen what members can report, or choose a nearer target";
    return fail("validation", msg, { fields: { "campaign.bounds": [msg] } });
  }
  // Without a size named, the plan is for 10% above the critical size: planned exactly at it,
  // the stand-in rows the plan is computed on can fall just short (a "partial" plan).
  const alpha = Math.min(
    1,
    v.expectedMembers !== undefined
      ? v.expectedMembers / v.populationSize
      : planned * CRITICAL_MARGIN,
  );
  let context;
  try {
    context = buildSteerContext(spec, table, { alpha: Math.max(alpha, 1 / table.rows.length) });
  } catch (err) {
    if (err instanceof EngineInputError)
      return fail("validation", err.message, { fields: { data: [err.message] } });
    throw err;
  }
  return ok({
    kind: "regression",
    name: v.name,
    datasetId,
    sampleName: v.sample ?? null,
    data: { label: v.data.label, text: [], categorical: [], numeric: v.data.numeric },
    learner: spec.learner,
    platformModels: null,
    campaign: spec.campaign,
    populationSize: v.populationSize,
    targetSuccess: v.targetSuccess,
    context,
    signalAudit: { ...summary.value, plannedFor: Math.round(alpha * v.populationSize) },
  });
}

/** The built-in sample a steering designer offers, with sensible defaults for its fields. */
export interface SteerSampleDto {
  value: string;
  label: string;
  columns: string[];
  labelColumn: string;
  /** What a delivery worker can plausibly report, per field. */
  bounds: Record<string, [number, number]>;
}

export function getSteerSamples(): SteerSampleDto[] {
  return [
    {
      value: "sample:gig-pay",
      label: "Built-in: gig-work pay (synthetic, 2,000 shifts)",
      columns: [...GIG_PAY_COLUMNS],
      labelColumn: "pay",
      bounds: { distance_km: [0, 150], waiting_minutes: [0, 240], hours: [0.5, 12], pay: [0, 400] },
    },
  ];
}

/** A regression campaign's plan, as its page shows it (from the summary stored at creation). */
export interface SteerPlanDto {
  baseFit: SteerDesignSummary["baseFit"];
  target: SteerDesignSummary["target"];
  /** Critical size as a share of the platform's data, and in people; null: unreachable. */
  criticalShare: number | null;
  criticalMembers: number | null;
  /** The collective size every member's numbers are computed for. */
  plannedFor: number;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

/** Reads the stored summary defensively: null when it is not one (the DTO never trusts a shape). */
export function steerPlanOf(audit: unknown, population: number): SteerPlanDto | null {
  if (!isObject(audit) || !isObject(audit.critical) || !isObject(audit.baseFit)) return null;
  if (!isObject(audit.target) || typeof audit.plannedFor !== "number") return null;
  const planned = audit.critical.planned;
  const share = typeof planned === "number" ? planned : null;
  return {
    baseFit: audit.baseFit as SteerPlanDto["baseFit"],
    target: audit.target as SteerPlanDto["target"],
    criticalShare: share,
    criticalMembers: share === null ? null : Math.ceil(share * population),
    plannedFor: audit.plannedFor,
  };
}

import "server-only";
import { memberCount } from "./member-count";
import { countCampaignRecords } from "./campaign-counts";
import type { Db } from "@/db";
import { insertCampaign, listCampaigns, updateCampaignStatus } from "@/db/queries/campaigns";
import { z } from "zod";
import { campaignKinds, type CampaignKind, type CampaignRow, type campaigns } from "@/db/schema";
import { fail, ok, type Result } from "@/lib/errors";
import { canSeeCampaign } from "@/lib/permissions";
import { countLabel, gated, gatedRate, rateLabel, withheld } from "@/lib/privacy";
import { createCampaignSchema, signalAuditSchema } from "@/lib/validation/campaigns";
import { parseInput } from "@/lib/validation/parse";
import { assertNever, auditCampaign, fitCampaignContext, type Campaign } from "@/ml/campaign";
import { EngineInputError, validateTable } from "@/ml/data";
import { listSamples } from "@/ml/samples";
import type { DataSchema, Table } from "@/ml/types";
import type { Actor } from "./accounts";
import { requireAccess } from "./access";
import { recordAudit } from "./audit";
import { isAuthorisingSession } from "./sessions";
import { loadCampaign } from "./campaign-access";
import { recordRulesFor } from "./kinds";
import { newRecommenderCampaign } from "./recommender-campaigns";
import { newSteerCampaign, steerPlanOf, type SteerPlanDto } from "./steer-campaigns";
import { findCollectiveDataset, loadTable } from "./datasets";

export type CampaignStatus = CampaignRow["status"];

interface CampaignDto {
  id: string;
  collectiveId: string;
  name: string;
  status: CampaignStatus;
  /** The platform's kind (classifier, recommender, regression). */
  kind: CampaignRow["kind"];
  source: { datasetId: string | null; sample: string | null };
  data: CampaignRow["data"];
  learner: unknown;
  /** The platform models forecasts run against (the learner's kind alone for older campaigns). */
  platformModels: string[];
  campaign: unknown;
  populationSize: number;
  targetSuccess: number;
  signalAudit: unknown;
  authorisedBySessionId: string | null;
  /** The member's viewpoint needs these: which fields to submit. */
  fields: string[];
  /** Regression campaigns: the model today, the target, the critical size and the plan's size. */
  steerPlan: SteerPlanDto | null;
}

export function toCampaignDto(c: CampaignRow): CampaignDto {
  return {
    id: c.id,
    collectiveId: c.collectiveId,
    name: c.name,
    status: c.status,
    kind: c.kind,
    source: { datasetId: c.datasetId, sample: c.sampleName },
    data: c.data,
    learner: c.learner,
    platformModels: c.platformModels ?? [String(c.learner.kind)],
    campaign: c.campaign,
    populationSize: c.populationSize,
    targetSuccess: c.targetSuccess,
    signalAudit: c.signalAudit,
    authorisedBySessionId: c.authorisedBySessionId,
    fields: recordRulesFor(c).fields(c),
    steerPlan: c.kind === "regression" ? steerPlanOf(c.signalAudit, c.populationSize) : null,
  };
}

/** The proxy table and column mapping for a dataset or sample of this collective. */
async function resolveSource(
  db: Db,
  collectiveId: string,
  p: { datasetId?: string; sample?: string; data?: DataSchema },
): Promise<
  Result<{ table: Table; schema: DataSchema; datasetId: string | null; sample: string | null }>
> {
  if (p.sample) {
    const info = listSamples().find((s) => s.name === p.sample);
    if (!info)
      return fail("validation", "Unknown sample", { fields: { sample: ["Unknown sample"] } });
    return ok({
      table: await loadTable({ sampleName: p.sample }),
      schema: p.data ?? info.schema,
      datasetId: null,
      sample: p.sample,
    });
  }
  const dataset = p.datasetId ? await findCollectiveDataset(db, collectiveId, p.datasetId) : null;
  if (!dataset)
    return fail("validation", "Unknown dataset", { fields: { datasetId: ["Unknown dataset"] } });
  if (!p.data)
    return fail("validation", "Map the dataset's columns", {
      fields: { data: ["Choose the label and feature columns"] },
    });
  return ok({
    table: await loadTable({ dataset }),
    schema: p.data,
    datasetId: dataset.id,
    sample: null,
  });
}

/** Checks the columns and the campaign against the data; engine input errors become 422s. */
function checkAgainstData(table: Table, schema: DataSchema, campaign: Campaign): Result<null> {
  try {
    validateTable(table, schema);
  } catch (err) {
    if (err instanceof EngineInputError)
      return fail("validation", err.message, { fields: { data: [err.message] } });
    throw err;
  }
  const labels = new Set(table.rows.map((r) => (r[schema.label] ?? "").trim()));
  if (campaign.goal === "plant" && !labels.has(campaign.target)) {
    const msg = `The target label “${campaign.target}” does not occur in the data (labels: ${[...labels].slice(0, 8).join(", ")})`;
    return fail("validation", msg, { fields: { "campaign.target": [msg] } });
  }
  if (campaign.goal === "fairness") {
    const group = campaign.group ?? schema.group;
    if (!group)
      return fail("validation", "A fairness campaign needs a group column", {
        fields: { "data.group": ["Choose the group column"] },
      });
    const values = new Set(table.rows.map((r) => (r[group] ?? "").trim()));
    if (!values.has(campaign.minority)) {
      const msg = `No record has ${group} = “${campaign.minority}” (values: ${[...values].slice(0, 8).join(", ")})`;
      return fail("validation", msg, { fields: { "campaign.minority": [msg] } });
    }
  }
  return ok(null);
}

/** The signal audit shown while designing: xi, Delta and rare tokens absent from the data. */
export async function auditCampaignDesign(
  db: Db,
  actor: Actor,
  collectiveId: string,
  input: unknown,
) {
  const access = await requireAccess(db, actor, collectiveId, "campaigns:manage");
  if (!access.ok) return access;
  const parsed = parseInput(signalAuditSchema, input);
  if (!parsed.ok) return parsed;
  const source = await resolveSource(db, collectiveId, parsed.value);
  if (!source.ok) return source;
  const checked = checkAgainstData(source.value.table, source.value.schema, parsed.value.campaign);
  if (!checked.ok) return checked;
  return ok(auditCampaign(source.value.table.rows, source.value.schema, parsed.value.campaign));
}

/**
 * What a platform kind stores for a new campaign, from the organizer's input: its data
 * mapping, learner, goal, context and audit (each kind's own module checks and computes them).
 */
export type NewCampaignValues = Omit<
  typeof campaigns.$inferInsert,
  "id" | "collectiveId" | "createdBy" | "status" | "createdAt"
>;

const campaignKindSchema = z.object({
  kind: z.enum(campaignKinds, "Choose classifier, recommender or regression").default("classifier"),
});

/** A classifier campaign's stored values: columns, learner, goal, fitted context and signal audit. */
async function newClassifierCampaign(
  db: Db,
  collectiveId: string,
  input: unknown,
): Promise<Result<NewCampaignValues>> {
  const parsed = parseInput(createCampaignSchema, input);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  const source = await resolveSource(db, collectiveId, v);
  if (!source.ok) return source;
  const { table, schema } = source.value;
  const checked = checkAgainstData(table, schema, v.campaign);
  if (!checked.ok) return checked;
  return ok({
    kind: "classifier",
    name: v.name,
    datasetId: source.value.datasetId,
    sampleName: source.value.sample,
    data: schema,
    learner: v.learner,
    platformModels: v.platformModels ?? null,
    campaign: v.campaign,
    populationSize: v.populationSize,
    targetSuccess: v.targetSuccess,
    context: fitCampaignContext(table.rows, schema, v.campaign),
    signalAudit: auditCampaign(table.rows, schema, v.campaign),
  });
}

/**
 * Organizers create a campaign (a draft) on a dataset or sample. The platform's kind comes
 * first (`kind`, default classifier); its module checks the rest and computes the context and
 * audit once, here.
 */
export async function createCampaign(
  db: Db,
  actor: Actor,
  collectiveId: string,
  input: unknown,
): Promise<Result<{ id: string; status: CampaignStatus }>> {
  const access = await requireAccess(db, actor, collectiveId, "campaigns:manage");
  if (!access.ok) return access;
  const kind = parseInput(campaignKindSchema, isRecord(input) ? { kind: input.kind } : {});
  if (!kind.ok) return kind;
  const values = await newCampaignOfKind(db, collectiveId, kind.value.kind, input);
  if (!values.ok) return values;
  const row = await insertCampaign(db, { ...values.value, collectiveId, createdBy: actor.userId });
  const goal = isRecord(row.campaign) ? String(row.campaign.goal) : "";
  await recordAudit(db, actor, collectiveId, "campaign.created", { campaignId: row.id, goal });
  return ok({ id: row.id, status: row.status });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function newCampaignOfKind(
  db: Db,
  collectiveId: string,
  kind: CampaignKind,
  input: unknown,
): Promise<Result<NewCampaignValues>> {
  switch (kind) {
    case "classifier":
      return newClassifierCampaign(db, collectiveId, input);
    case "regression":
      return newSteerCampaign(db, collectiveId, input);
    case "recommender":
      return newRecommenderCampaign(db, collectiveId, input);
    default:
      return assertNever(kind);
  }
}

export async function getCampaign(
  db: Db,
  actor: Actor,
  campaignId: string,
): Promise<Result<CampaignDto & { role: string }>> {
  const loaded = await loadCampaign(db, actor, campaignId);
  if (!loaded.ok) return loaded;
  return ok({ ...toCampaignDto(loaded.value.campaign), role: loaded.value.access.role });
}

export async function getCampaigns(db: Db, actor: Actor, collectiveId: string) {
  const access = await requireAccess(db, actor, collectiveId, "campaigns:participate");
  if (!access.ok) return access;
  const rows = await listCampaigns(db, { collectiveId });
  const visible = rows.filter((r) => canSeeCampaign(access.value.role, r.status));
  return ok(visible.map((r) => ({ id: r.id, name: r.name, status: r.status, kind: r.kind })));
}

const transitions: Record<
  "launch" | "pause" | "end",
  { from: CampaignStatus[]; to: CampaignStatus }
> = {
  launch: { from: ["draft", "paused"], to: "launched" },
  pause: { from: ["launched"], to: "paused" },
  end: { from: ["draft", "launched", "paused"], to: "ended" },
};

/** Launch, pause or end a campaign (organizers). Ending gives members unwind instructions. */
export async function changeCampaignStatus(
  db: Db,
  actor: Actor,
  campaignId: string,
  action: "launch" | "pause" | "end",
  opts: { authorisedBySessionId?: string } = {},
): Promise<Result<{ id: string; status: CampaignStatus }>> {
  const loaded = await loadCampaign(db, actor, campaignId, "campaigns:manage");
  if (!loaded.ok) return loaded;
  const { campaign } = loaded.value;
  if (opts.authorisedBySessionId !== undefined) {
    if (action !== "launch")
      return fail("validation", "Only a launch is authorised by a consent round");
    if (!(await isAuthorisingSession(db, campaign.collectiveId, opts.authorisedBySessionId))) {
      return fail(
        "validation",
        "That session is not a closed consent round of this collective where consent was reached",
        {
          fields: { sessionId: ["Not a reached consent round"] },
        },
      );
    }
  }
  const t = transitions[action];
  if (!t.from.includes(campaign.status)) {
    const verb = { launch: "launched", pause: "paused", end: "ended" }[action];
    return fail("conflict", `This campaign is ${campaign.status}: it cannot be ${verb}`);
  }
  await updateCampaignStatus(db, {
    collectiveId: campaign.collectiveId,
    campaignId,
    status: t.to,
    ...opts,
  });
  await recordAudit(db, actor, campaign.collectiveId, `campaign.${t.to}`, {
    campaignId,
    ...(opts.authorisedBySessionId ? { authorisedBySessionId: opts.authorisedBySessionId } : {}),
  });
  return ok({ id: campaignId, status: t.to });
}

export interface CampaignStatsDto {
  members: number | null;
  recordsSubmitted: number | null;
  activeMembers: number | null;
  /**
   * Of the members who tried to confirm, the share whose last confirmation failed; null
   * while fewer than 5 tried (a rate over one or two people would name them).
   */
  misexecutionRate: number | null;
  /** active / population; null while fewer than 5 are active. */
  alpha: number | null;
  /** Each figure for display: the number, or "fewer than 5" when withheld. */
  labels: {
    members: string;
    recordsSubmitted: string;
    activeMembers: string;
    misexecutionRate: string;
    alpha: string;
  };
  populationSize: number;
}

/** Aggregates only, each withheld unless the people it is computed from are at least 5 (lib/privacy.ts). */
export async function getCampaignStats(
  db: Db,
  actor: Actor,
  campaignId: string,
): Promise<Result<CampaignStatsDto>> {
  const loaded = await loadCampaign(db, actor, campaignId);
  if (!loaded.ok) return loaded;
  const { campaign } = loaded.value;
  const members = await memberCount(db, campaign.collectiveId);
  const c = await countCampaignRecords(db, campaign.id);
  const misexecutionRate = gatedRate(c.failing, c.attempted);
  const alpha =
    campaign.populationSize > 0 ? gated(c.active / campaign.populationSize, c.active) : null;
  return ok({
    members: withheld(members),
    recordsSubmitted: withheld(c.records),
    activeMembers: withheld(c.active),
    misexecutionRate,
    alpha,
    labels: {
      members: countLabel(members),
      recordsSubmitted: countLabel(c.records),
      activeMembers: countLabel(c.active),
      misexecutionRate: rateLabel(misexecutionRate),
      alpha: rateLabel(alpha, 3),
    },
    populationSize: campaign.populationSize,
  });
}

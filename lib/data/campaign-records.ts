import "server-only";
import crypto from "node:crypto";
import type { Db } from "@/db";
import {
  deleteRecord,
  deleteRecordsOfUser,
  findRecord,
  recordConfirmation,
  upsertRecord,
} from "@/db/queries/campaign-records";
import type { CampaignRow } from "@/db/schema";
import { fail, notFound, ok, type Result } from "@/lib/errors";
import { recordFieldsSchema } from "@/lib/validation/campaigns";
import { parseInput } from "@/lib/validation/parse";
// Specific engine modules, not the barrel: the simulator (worker threads) must stay out of the web bundle.
import {
  campaignSchema,
  instruct,
  verify,
  type CampaignContext,
  type Instruction,
  type Problem,
} from "@/ml/campaign";
import type { Actor } from "./accounts";
import { loadCampaign } from "./campaign-access";
import { toCampaignDto } from "./campaigns";
import { scheduleAutoForecast } from "./forecasts";

// Member actions are never written to the audit log, and nothing here is readable by
// anyone but the member: every function takes the actor's own id as the record key.

/** Stable per member and campaign, and not the user id itself (variants hash it). */
function memberKey(campaignId: string, userId: string): string {
  return crypto.createHash("sha256").update(`${campaignId}:${userId}`).digest("hex").slice(0, 32);
}

function parsedCampaign(c: CampaignRow) {
  return campaignSchema.parse(c.campaign);
}

/** The context was written by fitCampaignContext at creation; it is our own JSON. */
function contextOf(c: CampaignRow): CampaignContext | undefined {
  return (c.context ?? undefined) as CampaignContext | undefined;
}

/** The fields a member must submit, checked and trimmed to the campaign's columns. */
function checkFields(
  c: CampaignRow,
  fields: Record<string, string>,
): Result<Record<string, string>> {
  const needed = toCampaignDto(c).fields;
  // Own values only: a column named `constructor` or `toString` must not read Object.prototype.
  const own = (f: string): string | undefined => (Object.hasOwn(fields, f) ? fields[f] : undefined);
  const missing = needed.filter((f) => own(f) === undefined);
  if (missing.length) {
    return fail("validation", `Missing fields: ${missing.join(", ")}`, {
      fields: Object.fromEntries(missing.map((f) => [`fields.${f}`, ["Required"]])),
    });
  }
  if (!(own(c.data.label) ?? "").trim()) {
    return fail("validation", `Enter your ${c.data.label} as it is on the platform`, {
      fields: { [`fields.${c.data.label}`]: ["Required"] },
    });
  }
  if (needed.filter((f) => f !== c.data.label).every((f) => !(own(f) ?? "").trim())) {
    return fail("validation", "Enter the record you hold on the platform: every field is empty", {
      fields: { fields: ["Empty record"] },
    });
  }
  for (const col of c.data.numeric) {
    if (!Number.isFinite(Number(own(col)))) {
      return fail("validation", `${col} must be a number`, {
        fields: { [`fields.${col}`]: ["Must be a number"] },
      });
    }
  }
  return ok(Object.fromEntries(needed.map((f) => [f, own(f) ?? ""])));
}

async function loadLive(db: Db, actor: Actor, campaignId: string) {
  const loaded = await loadCampaign(db, actor, campaignId);
  if (!loaded.ok) return loaded;
  return ok(loaded.value.campaign);
}

export interface MyInstructionDto {
  instruction: Instruction;
  fields: Record<string, string>;
  isConfirmed: boolean;
  campaignStatus: CampaignRow["status"];
  /** When the campaign has ended: how to undo what the instruction changed. */
  unwind?: UnwindDto;
}

/** Stores the record the member holds on the platform and returns their instruction. */
export async function submitMyRecord(
  db: Db,
  actor: Actor,
  campaignId: string,
  input: unknown,
): Promise<Result<{ instruction: Instruction }>> {
  const live = await loadLive(db, actor, campaignId);
  if (!live.ok) return live;
  const campaign = live.value;
  if (campaign.status !== "launched")
    return fail("conflict", `This campaign is ${campaign.status}, not accepting records`);
  const parsed = parseInput(recordFieldsSchema, input);
  if (!parsed.ok) return parsed;
  const fields = checkFields(campaign, parsed.value.fields);
  if (!fields.ok) return fields;
  const instruction = instruct(
    fields.value,
    parsedCampaign(campaign),
    memberKey(campaign.id, actor.userId),
    contextOf(campaign),
  );
  await upsertRecord(db, {
    campaignId,
    userId: actor.userId,
    collectiveId: campaign.collectiveId,
    fields: fields.value,
    instruction,
    isParticipating: instruction.participates,
  });
  return ok({ instruction });
}

export async function getMyInstruction(
  db: Db,
  actor: Actor,
  campaignId: string,
): Promise<Result<MyInstructionDto>> {
  const live = await loadLive(db, actor, campaignId);
  if (!live.ok) return live;
  const record = await findRecord(db, { campaignId, userId: actor.userId });
  if (!record) return notFound("You have not submitted a record for this campaign yet");
  const instruction: Instruction = record.instruction;
  return ok({
    instruction,
    fields: record.fields,
    isConfirmed: record.confirmedAt !== null,
    campaignStatus: live.value.status,
    ...(live.value.status === "ended" ? { unwind: unwindOf(instruction) } : {}),
  });
}

/** Checks what the member says they submitted to the platform against their instruction. */
export async function confirmMyRecord(
  db: Db,
  actor: Actor,
  campaignId: string,
  input: unknown,
): Promise<Result<{ ok: boolean; problems: Problem[] }>> {
  const live = await loadLive(db, actor, campaignId);
  if (!live.ok) return live;
  const campaign = live.value;
  if (campaign.status !== "launched")
    return fail("conflict", `This campaign is ${campaign.status}`);
  const record = await findRecord(db, { campaignId, userId: actor.userId });
  if (!record) return notFound("Submit your record first");
  const parsed = parseInput(recordFieldsSchema, input);
  if (!parsed.ok) return parsed;
  const submitted = { ...record.fields, ...parsed.value.fields };
  const result = verify(
    submitted,
    record.fields,
    parsedCampaign(campaign),
    memberKey(campaign.id, actor.userId),
    contextOf(campaign),
  );
  await recordConfirmation(db, {
    campaignId,
    userId: actor.userId,
    isOk: result.ok,
    fields: submitted,
  });
  // Active members and the measured noise changed: the shadow model reruns (debounced).
  await scheduleAutoForecast(db, campaignId);
  return ok(result.ok ? { ok: true, problems: [] } : { ok: false, problems: result.problems });
}

interface UnwindDto {
  changes: { field: string; before: string; after: string }[];
  steps: string[];
}

/** Undo: put back what the instruction changed. */
function unwindOf(instruction: Instruction): UnwindDto {
  const changes = instruction.changes.map((c) => ({
    field: c.field,
    before: c.after,
    after: c.before,
  }));
  const steps = changes.length
    ? [
        "On the platform, change these fields back to what they were before the campaign:",
        ...changes.map((c) => `Set your ${c.field} back to “${c.after}”.`),
      ]
    : ["You changed nothing for this campaign, so there is nothing to undo."];
  return { changes, steps };
}

/** Withdraws: returns how to undo the changes, then really deletes the record and instruction. */
export async function withdrawMyRecord(
  db: Db,
  actor: Actor,
  campaignId: string,
): Promise<Result<{ unwind: UnwindDto }>> {
  const loaded = await loadCampaign(db, actor, campaignId);
  if (!loaded.ok) return loaded;
  const record = await findRecord(db, { campaignId, userId: actor.userId });
  if (!record) return notFound("You have no record in this campaign");
  const unwind = unwindOf(record.instruction);
  await deleteRecord(db, { campaignId, userId: actor.userId });
  if (record.confirmedAt) await scheduleAutoForecast(db, campaignId);
  return ok({ unwind });
}

/**
 * Shreds a person's records (in one collective when leaving or removed, everywhere when
 * deleting their account): each record's key is destroyed, then the row. Schedules the
 * forecasts those records counted in. Returns the affected campaigns.
 */
export async function shredRecordsOfUser(
  db: Db,
  p: { userId: string; collectiveId?: string },
): Promise<string[]> {
  const campaignIds = await deleteRecordsOfUser(db, p);
  for (const campaignId of campaignIds) await scheduleAutoForecast(db, campaignId);
  return campaignIds;
}

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
import type { Instruction, Problem } from "@/ml/campaign";
import type { Actor } from "./accounts";
import { loadCampaign } from "./campaign-access";
import { scheduleAutoForecast } from "./forecasts";
import { recordRulesFor } from "./kinds";

// Member actions are never written to the audit log, and nothing here is readable by
// anyone but the member: every function takes the actor's own id as the record key.

/** Stable per member and campaign, and not the user id itself (variants hash it). */
function memberKey(campaignId: string, userId: string): string {
  return crypto.createHash("sha256").update(`${campaignId}:${userId}`).digest("hex").slice(0, 32);
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
  const rules = recordRulesFor(campaign);
  const fields = rules.check(campaign, parsed.value.fields);
  if (!fields.ok) return fields;
  const instruction = rules.instruct(campaign, fields.value, memberKey(campaign.id, actor.userId));
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
    ...(live.value.status === "ended" ? { unwind: unwindOf(live.value, instruction) } : {}),
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
  const result = recordRulesFor(campaign).verify(
    campaign,
    submitted,
    record.fields,
    memberKey(campaign.id, actor.userId),
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

/** Undo: the kind's own unwind, or put back what the instruction changed. */
function unwindOf(campaign: CampaignRow, instruction: Instruction): UnwindDto {
  const own = recordRulesFor(campaign).unwind;
  if (own) return own(instruction);
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
  const unwind = unwindOf(loaded.value.campaign, record.instruction);
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

import type { CampaignRow } from "@/db/schema";
import type { Result } from "@/lib/errors";
import type { Instruction, Verification } from "@/ml/campaign";

/**
 * What a platform kind decides about a member's record: which fields they submit, whether a
 * submission is usable, their instruction, and whether what they report matches it. The rest
 * of a member's flow (storage, sealing, deletion, confirmation counts) is the same for every
 * kind (lib/data/campaign-records.ts).
 */
export interface RecordRules {
  /** The fields a member submits, in the order the form shows them. */
  fields: (c: CampaignRow) => string[];
  /** The submission checked and trimmed to `fields`; bad input is a validation failure. */
  check: (c: CampaignRow, fields: Record<string, string>) => Result<Record<string, string>>;
  /** The member's instruction; `key` is stable per member and campaign (not the user id). */
  instruct: (c: CampaignRow, fields: Record<string, string>, key: string) => Instruction;
  /** Checks what the member reports having submitted against their instruction. */
  verify: (
    c: CampaignRow,
    submitted: Record<string, string>,
    original: Record<string, string>,
    key: string,
  ) => Verification;
  /** How to undo the instruction; absent: put back each changed field. */
  unwind?: (instruction: Instruction) => { changes: Instruction["changes"]; steps: string[] };
}

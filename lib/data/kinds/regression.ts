import type { CampaignRow } from "@/db/schema";
import { fail, ok, type Result } from "@/lib/errors";
import type { Instruction, Problem, Verification } from "@/ml/campaign";
import { EngineInputError } from "@/ml/data";
import { steerInstruction, verifySteer, type SteerContext } from "@/ml/steer/instruction";
import { checkTableFields, tableFields, tableMapping } from "./classifier";
import type { RecordRules } from "./types";

/** The plan stored at creation (buildSteerContext); our own JSON. */
function steerContextOf(c: CampaignRow): SteerContext {
  if (c.context === null) throw new Error(`steering campaign ${c.id} has no stored plan`);
  return c.context as SteerContext;
}

/**
 * People report round numbers: the computed record keeps as many decimals as the member's
 * own numbers use (at most 2), so "45 minutes" stays a whole number of minutes.
 */
function decimalsOf(fields: Record<string, string>): number {
  let most = 0;
  for (const v of Object.values(fields)) {
    const dot = v.trim().indexOf(".");
    if (dot >= 0) most = Math.max(most, v.trim().length - dot - 1);
  }
  return Math.min(2, most);
}

function computed(c: CampaignRow, fields: Record<string, string>, key: string) {
  return steerInstruction(steerContextOf(c), fields, { key, decimals: decimalsOf(fields) });
}

/** Every reported field within the campaign's bounds, as the steering plan assumes. */
function checkBounds(
  c: CampaignRow,
  fields: Record<string, string>,
): Result<Record<string, string>> {
  const { bounds } = steerContextOf(c);
  for (const [field, value] of Object.entries(fields)) {
    const b = Object.hasOwn(bounds, field) ? bounds[field] : undefined;
    const v = Number(value);
    if (b && (v < b[0] || v > b[1])) {
      const msg = `${field} must be between ${b[0]} and ${b[1]} (what members can report)`;
      return fail("validation", msg, { fields: { [`fields.${field}`]: [msg] } });
    }
  }
  return ok(fields);
}

/**
 * Regression campaigns (steer the platform's fit): each member reports a computed record,
 * within the bounds and as close to their own numbers as the goal allows (ml/steer).
 */
export const regressionRules: RecordRules = {
  fields: tableFields,
  check(c, fields) {
    const checked = checkTableFields(c, fields);
    if (!checked.ok) return checked;
    const { label } = tableMapping(c);
    if (!Number.isFinite(Number(checked.value[label])))
      return fail("validation", `${label} must be a number`, {
        fields: { [`fields.${label}`]: ["Must be a number"] },
      });
    return checkBounds(c, checked.value);
  },
  instruct(c, fields, key): Instruction {
    const s = computed(c, fields, key);
    return {
      participates: true,
      changes: s.changes.map((ch) => ({
        field: ch.field,
        before: String(ch.from),
        after: String(ch.to),
      })),
      // The engine's explanation names each number to report ("Report pay 341 instead of
      // 46.69. …") or says to report them as they are, and why.
      steps: [s.explanation],
    };
  },
  verify(c, submitted, original, key): Verification {
    let s;
    try {
      s = computed(c, original, key);
    } catch (err) {
      if (err instanceof EngineInputError)
        return {
          ok: false,
          problems: [{ code: "field-changed", field: "", message: err.message }],
        };
      throw err;
    }
    const problems: Problem[] = verifySteer(s, submitted).map((message) => ({
      code: "field-changed",
      field: message.split(/[ :]/, 1)[0] ?? "",
      message,
    }));
    return problems.length ? { ok: false, problems } : { ok: true };
  },
};

import type { CampaignRow, DataMapping } from "@/db/schema";
import { fail, ok, type Result } from "@/lib/errors";
import { campaignSchema, instruct, verify, type CampaignContext } from "@/ml/campaign";
import type { RecordRules } from "./types";

/** A table campaign's column roles (classifier and regression campaigns store a DataSchema). */
export function tableMapping(c: CampaignRow): DataMapping {
  if ("kind" in c.data) throw new Error(`campaign ${c.id} holds a sequence mapping, not columns`);
  return c.data;
}

/** The columns a member of a table campaign submits: features, group and label, once each. */
export function tableFields(c: CampaignRow): string[] {
  const d = tableMapping(c);
  return [
    ...new Set([...d.text, ...d.categorical, ...d.numeric, ...(d.group ? [d.group] : []), d.label]),
  ];
}

/** The submission checked against a table campaign's columns and trimmed to them. */
export function checkTableFields(
  c: CampaignRow,
  fields: Record<string, string>,
): Result<Record<string, string>> {
  const d = tableMapping(c);
  const needed = tableFields(c);
  // Own values only: a column named `constructor` or `toString` must not read Object.prototype.
  const own = (f: string): string | undefined => (Object.hasOwn(fields, f) ? fields[f] : undefined);
  const missing = needed.filter((f) => own(f) === undefined);
  if (missing.length) {
    return fail("validation", `Missing fields: ${missing.join(", ")}`, {
      fields: Object.fromEntries(missing.map((f) => [`fields.${f}`, ["Required"]])),
    });
  }
  if (!(own(d.label) ?? "").trim()) {
    return fail("validation", `Enter your ${d.label} as it is on the platform`, {
      fields: { [`fields.${d.label}`]: ["Required"] },
    });
  }
  if (needed.filter((f) => f !== d.label).every((f) => !(own(f) ?? "").trim())) {
    return fail("validation", "Enter the record you hold on the platform: every field is empty", {
      fields: { fields: ["Empty record"] },
    });
  }
  for (const col of d.numeric) {
    if (!Number.isFinite(Number(own(col)))) {
      return fail("validation", `${col} must be a number`, {
        fields: { [`fields.${col}`]: ["Must be a number"] },
      });
    }
  }
  return ok(Object.fromEntries(needed.map((f) => [f, own(f) ?? ""])));
}

function parsedCampaign(c: CampaignRow) {
  return campaignSchema.parse(c.campaign);
}

/** The context was written by fitCampaignContext at creation; it is our own JSON. */
function contextOf(c: CampaignRow): CampaignContext | undefined {
  return (c.context ?? undefined) as CampaignContext | undefined;
}

/** Classifier campaigns: plant, erase or fairness edits to the member's own record. */
export const classifierRules: RecordRules = {
  fields: tableFields,
  check: checkTableFields,
  instruct: (c, fields, key) => instruct(fields, parsedCampaign(c), key, contextOf(c)),
  verify: (c, submitted, original, key) =>
    verify(submitted, original, parsedCampaign(c), key, contextOf(c)),
};

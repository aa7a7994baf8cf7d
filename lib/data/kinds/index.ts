import type { CampaignRow } from "@/db/schema";
import { assertNever } from "@/ml/campaign";
import { classifierRules } from "./classifier";
import { recommenderRules } from "./recommender";
import { regressionRules } from "./regression";
import type { RecordRules } from "./types";

export type { RecordRules } from "./types";

/** The record rules of a campaign's platform kind. */
export function recordRulesFor(c: Pick<CampaignRow, "kind">): RecordRules {
  switch (c.kind) {
    case "classifier":
      return classifierRules;
    case "regression":
      return regressionRules;
    case "recommender":
      return recommenderRules;
    default:
      return assertNever(c.kind);
  }
}

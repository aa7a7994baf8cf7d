/**
 * The fitted, JSON-serialisable context some instructions need. Plant campaigns need only
 * the data schema; erase and fairness campaigns need a counterfactual model of P0(y | x)
 * fitted on the proxy data (pooled data for erase, majority rows for fairness).
 */
import type { DataSchema, Row } from "../types";
import { assertNever, type Campaign, type FairnessCampaign } from "./schema";
import { counterfactualProba, fitCounterfactual, type CounterfactualModel } from "./counterfactual";

export interface CampaignContext {
  /** Which columns are label and text; without it the label column is "label". */
  schema?: DataSchema;
  /** Erase: P0(y | g(x)) on pooled data. Fairness: P(y | x) fitted on the majority group. */
  counterfactual?: CounterfactualModel;
  /** Fairness `dist`: members not labelled `favorable` flip when P(favorable) >= threshold. */
  dist?: { favorable: string; threshold: number };
}

/** The group column of a fairness campaign (its own, else the schema's). */
export function groupColumn(
  campaign: FairnessCampaign,
  schema?: Pick<DataSchema, "group">,
): string {
  return campaign.group ?? schema?.group ?? "group";
}

/**
 * Fit the context for a campaign from proxy rows. Cheap (one pass of counting), so the app
 * can refit it whenever the campaign or the proxy data change, and store it as JSON.
 */
export function fitCampaignContext(
  rows: readonly Row[],
  schema: DataSchema,
  campaign: Campaign,
): CampaignContext {
  switch (campaign.goal) {
    case "plant":
      return { schema };
    case "erase": {
      const f = campaign.feature;
      switch (f.kind) {
        case "field":
          return {
            schema,
            counterfactual: fitCounterfactual(rows, schema, { exclude: [f.column] }),
          };
        case "token":
          return {
            schema,
            counterfactual: fitCounterfactual(rows, schema, { dropTokens: [f.token] }),
          };
        default:
          return assertNever(f);
      }
    }
    case "fairness":
      return fitFairnessContext(rows, schema, campaign);
    default:
      return assertNever(campaign);
  }
}

function labelRates(rows: readonly Row[], label: string, classes: readonly string[]): number[] {
  const counts = classes.map(() => 0);
  const index = new Map(classes.map((c, i) => [c, i]));
  for (const r of rows) {
    const k = index.get((r[label] ?? "").trim());
    if (k !== undefined) counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts.map((c) => (rows.length > 0 ? c / rows.length : 0));
}

function fitFairnessContext(
  rows: readonly Row[],
  schema: DataSchema,
  campaign: FairnessCampaign,
): CampaignContext {
  const group = groupColumn(campaign, schema);
  const isMinority = (r: Row) => (r[group] ?? "").trim() === campaign.minority;
  const majority = rows.filter((r) => !isMinority(r));
  const minority = rows.filter(isMinority);
  // The group column is left out: the counterfactual is "what the majority's model says
  // for someone with your other features".
  const counterfactual = fitCounterfactual(majority.length > 0 ? majority : rows, schema, {
    exclude: [group],
  });
  const classes = counterfactual.classes;
  const rateMaj = labelRates(majority, schema.label, classes);
  const rateMin = labelRates(minority, schema.label, classes);
  let favorable = campaign.favorable;
  if (favorable === undefined) {
    let best = 0;
    for (let k = 1; k < classes.length; k++) {
      if ((rateMaj[k] ?? 0) - (rateMin[k] ?? 0) > (rateMaj[best] ?? 0) - (rateMin[best] ?? 0))
        best = k;
    }
    favorable = classes[best] ?? "";
  }
  const fav = classes.indexOf(favorable);
  const deficit = fav >= 0 ? (rateMaj[fav] ?? 0) - (rateMin[fav] ?? 0) : 0;
  // dist: flip the k minority members not yet favourable whom the majority model finds
  // most favourable, k = deficit * |minority|; a threshold makes this a per-member rule.
  let threshold = 2; // above any probability: nobody flips
  if (deficit > 0 && fav >= 0) {
    const scores = minority
      .filter((r) => (r[schema.label] ?? "").trim() !== favorable)
      .map((r) => counterfactualProba(counterfactual, r)[fav] ?? 0)
      .sort((a, b) => b - a);
    const k = Math.round(deficit * minority.length);
    if (k > 0 && scores.length > 0) threshold = scores[Math.min(k, scores.length) - 1] ?? 2;
  }
  return { schema, counterfactual, dist: { favorable, threshold } };
}

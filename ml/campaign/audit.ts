/**
 * Signal audit on proxy data (science.md 2.1, 4): how often the signal already occurs (xi),
 * how far the target label is from winning where it occurs (Delta), whether the token
 * survives the platform's text processing, and rare tokens to use instead.
 */
import type { DataSchema, Row } from "../types";
import { tokenize } from "../features";
import {
  assertNever,
  type Campaign,
  type EraseCampaign,
  type PlantCampaign,
  type Signal,
} from "./schema";
import { memberSignal, signalColumn } from "./signal";
import { fitCounterfactual, counterfactualLabel, counterfactualProba } from "./counterfactual";

export interface SignalAudit {
  /** Share of records already carrying the signal (any variant). */
  xi: number;
  /** Suboptimality gap estimate: max_y P0(y|X*) - P0(y*|X*), clamped at 0. */
  delta: number;
  /**
   * Where Delta came from: `signalled` = the label distribution of records carrying the signal
   * (pooled over X*); `prior` = no record carries it, so the overall label distribution is used
   * (harmless for the bound, since xi = 0 then).
   */
  deltaSource: "signalled" | "prior";
  signalledCount: number;
  n: number;
  /** P0(y = y*): the feature-only strategy's effective mass factor. */
  piStar: number;
  /** Text signals: the tokenizer keeps the token as exactly one token. */
  survivesTokenizer: boolean;
  /** Rare tokens absent from the data that survive tokenization (text signals only). */
  suggestions: string[];
}

/** Odd but typeable candidates; each is checked against the data and the tokenizer. */
const CANDIDATES = [
  "zq",
  "qxz",
  "vq",
  "jqx",
  "zxq",
  "qwz",
  "⟡",
  "⧫",
  "ǂ",
  "‡",
  "¤",
  "◊",
  "☍",
  "ꙮ",
  "⁂",
  "xqj",
  "kqz",
  "zzq",
];

function carries(row: Row, signal: Signal, schema: DataSchema): boolean {
  switch (signal.kind) {
    case "text": {
      const want = tokenize(signal.token);
      if (want.length === 0) return false;
      const got = tokenize(row[signalColumn(signal, schema)] ?? "");
      // A signalled input contains the token's tokens as a contiguous run.
      outer: for (let i = 0; i + want.length <= got.length; i++) {
        for (let j = 0; j < want.length; j++) if (got[i + j] !== want[j]) continue outer;
        return true;
      }
      return false;
    }
    case "field":
      return (row[signal.column] ?? "").trim() === signal.value;
    default:
      return assertNever(signal);
  }
}

function signalsOf(campaign: PlantCampaign): Signal[] {
  const variants = campaign.variants ?? [];
  if (variants.length === 0) return [campaign.signal];
  // One member key per variant is enough to enumerate them all.
  return variants.map((v) => {
    const s = campaign.signal;
    return s.kind === "text" ? { ...s, token: v } : { ...s, value: v };
  });
}

/** Audit a plant campaign's signal on proxy rows. */
export function auditSignal(
  rows: readonly Row[],
  schema: DataSchema,
  campaign: PlantCampaign,
): SignalAudit {
  const signals = signalsOf(campaign);
  const label = schema.label;
  const counts = new Map<string, number>();
  const all = new Map<string, number>();
  let signalled = 0;
  for (const row of rows) {
    const y = (row[label] ?? "").trim();
    all.set(y, (all.get(y) ?? 0) + 1);
    if (signals.some((s) => carries(row, s, schema))) {
      signalled++;
      counts.set(y, (counts.get(y) ?? 0) + 1);
    }
  }
  const n = rows.length;
  const dist = signalled > 0 ? counts : all;
  const total = signalled > 0 ? signalled : n;
  let best = 0;
  for (const c of dist.values()) best = Math.max(best, c);
  const delta = total > 0 ? Math.max(0, (best - (dist.get(campaign.target) ?? 0)) / total) : 0;
  const signal = memberSignal(campaign, "audit").signal;
  const survivesTokenizer = signal.kind === "text" ? survives(signal.token) : true;
  return {
    xi: n > 0 ? signalled / n : 0,
    delta,
    deltaSource: signalled > 0 ? "signalled" : "prior",
    signalledCount: signalled,
    n,
    piStar: n > 0 ? (all.get(campaign.target) ?? 0) / n : 0,
    survivesTokenizer,
    suggestions: signal.kind === "text" ? suggestTokens(rows, schema) : [],
  };
}

function survives(token: string): boolean {
  const t = tokenize(token);
  return t.length === 1 && t[0] === token.toLowerCase();
}

/** Rare tokens that no text column of the proxy data contains and that survive tokenization. */
export function suggestTokens(rows: readonly Row[], schema: DataSchema, max = 5): string[] {
  const vocab = new Set<string>();
  for (const row of rows)
    for (const c of schema.text) for (const t of tokenize(row[c] ?? "")) vocab.add(t);
  return CANDIDATES.filter((c) => survives(c) && !vocab.has(c.toLowerCase())).slice(0, max);
}

export interface EraseAudit {
  /** E_x[max_y P0(y|x) - P0(y~(x)|x)], the erasure bound's gap (naive-Bayes estimates). */
  expectedGap: number;
  /** Share of records whose label already equals y~(x). */
  agreement: number;
}

/** Audit an erase campaign: the gap term of the erasure bound, estimated on proxy rows. */
export function auditErase(
  rows: readonly Row[],
  schema: DataSchema,
  campaign: EraseCampaign,
): EraseAudit {
  const f = campaign.feature;
  const erased =
    f.kind === "field"
      ? fitCounterfactual(rows, schema, { exclude: [f.column] })
      : fitCounterfactual(rows, schema, { dropTokens: [f.token] });
  const full = fitCounterfactual(rows, schema);
  let gap = 0;
  let agree = 0;
  for (const row of rows) {
    const yTilde = counterfactualLabel(erased, row);
    const p = counterfactualProba(full, row);
    const k = full.classes.indexOf(yTilde);
    gap += Math.max(...p) - (k >= 0 ? (p[k] ?? 0) : 0);
    if ((row[schema.label] ?? "").trim() === yTilde) agree++;
  }
  const n = Math.max(1, rows.length);
  return { expectedGap: gap / n, agreement: agree / n };
}

/** What the proxy data says about a campaign before anyone acts: the one audit, by goal. */
export type CampaignAudit =
  | ({ goal: "plant" } & SignalAudit)
  | ({ goal: "erase"; suggestions: string[] } & EraseAudit)
  | { goal: "fairness"; suggestions: string[] };

/**
 * Audits a campaign on proxy rows: the planting quantities (xi, Delta, pi*, rare tokens),
 * the erasure gap, or nothing to measure for minority relabeling. Used by the designer and
 * by the simulator's bounds alike.
 */
export function auditCampaign(
  rows: readonly Row[],
  schema: DataSchema,
  campaign: Campaign,
): CampaignAudit {
  switch (campaign.goal) {
    case "plant":
      return { goal: "plant", ...auditSignal(rows, schema, campaign) };
    case "erase":
      return {
        goal: "erase",
        ...auditErase(rows, schema, campaign),
        suggestions: suggestTokens(rows, schema),
      };
    case "fairness":
      return { goal: "fairness", suggestions: [] };
    default:
      return assertNever(campaign);
  }
}

/**
 * Per-member instructions and their verification. Pure and fast: the web server calls
 * these with one member's record; no model is trained here (erase and fairness read a
 * small fitted context, see `fitCampaignContext`).
 */
import type { Row } from "../types";
import { fnv1a } from "../../core/random";
import { assertNever, type Campaign, type Signal } from "./schema";
import {
  applySignal,
  countToken,
  DEFAULT_EVERY,
  labelColumn,
  memberSignal,
  normaliseSpace,
  signalColumn,
  stripToken,
} from "./signal";
import { groupColumn, type CampaignContext } from "./context";
import { counterfactualLabel, counterfactualProba } from "./counterfactual";

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

export interface Instruction {
  /** Whether this member acts in the campaign at all. */
  participates: boolean;
  /** Exact edits to the member's record. */
  changes: FieldChange[];
  /** Plain-language steps to show the member. */
  steps: string[];
  /** The member's own signal variant, when the campaign has variants. */
  variant?: string;
  /** Set when the campaign needs a fitted context that was not given. */
  pending?: "context";
}

export type ProblemCode =
  | "signal-missing"
  | "wrong-placement"
  | "wrong-label"
  | "text-changed"
  | "field-changed"
  | "unexpected-change"
  | "not-ready";

export interface Problem {
  code: ProblemCode;
  field: string;
  message: string;
}

export type Verification = { ok: true } | { ok: false; problems: Problem[] };

interface Planned {
  participates: boolean;
  after: Row;
  /** The signal this member carries, when planting. */
  signal?: Signal;
  variant?: string;
  pending?: "context";
}

/** A uniform number in [0, 1) fixed per member (for the `prob` fairness method). */
function memberUniform(memberKey: string, salt: string): number {
  return fnv1a(`${memberKey}|${salt}`) / 4294967296;
}

function plan(
  record: Row,
  campaign: Campaign,
  memberKey: string,
  context?: CampaignContext,
): Planned {
  const label = labelColumn(context?.schema);
  const current = (record[label] ?? "").trim();
  switch (campaign.goal) {
    case "plant": {
      const { signal, variant } = memberSignal(campaign, memberKey);
      const base = { signal, ...(variant !== undefined ? { variant } : {}) };
      switch (campaign.strategy) {
        case "feature-label":
          return {
            ...base,
            participates: true,
            after: { ...applySignal(record, signal, context?.schema), [label]: campaign.target },
          };
        case "feature-only":
          // Members who cannot change labels only help when they already carry the target.
          if (current !== campaign.target) return { ...base, participates: false, after: record };
          return {
            ...base,
            participates: true,
            after: applySignal(record, signal, context?.schema),
          };
        default:
          return assertNever(campaign.strategy);
      }
    }
    case "erase": {
      const model = context?.counterfactual;
      if (model === undefined) return { participates: false, after: record, pending: "context" };
      // Members keep their features and take the label the pooled data predicts without the feature.
      return {
        participates: true,
        after: { ...record, [label]: counterfactualLabel(model, record) },
      };
    }
    case "fairness": {
      const group = groupColumn(campaign, context?.schema);
      if ((record[group] ?? "").trim() !== campaign.minority)
        return { participates: false, after: record };
      const model = context?.counterfactual;
      if (model === undefined) return { participates: false, after: record, pending: "context" };
      let next = current;
      switch (campaign.method) {
        case "label":
          next = counterfactualLabel(model, record);
          break;
        case "prob": {
          const p = counterfactualProba(model, record);
          const u = memberUniform(memberKey, "fairness-prob");
          let acc = 0;
          next = model.classes[model.classes.length - 1] ?? current;
          for (let k = 0; k < p.length; k++) {
            acc += p[k] ?? 0;
            if (u < acc) {
              next = model.classes[k] ?? current;
              break;
            }
          }
          break;
        }
        case "dist": {
          const dist = context?.dist;
          if (dist === undefined) return { participates: false, after: record, pending: "context" };
          const fav = model.classes.indexOf(dist.favorable);
          if (
            current !== dist.favorable &&
            (counterfactualProba(model, record)[fav] ?? 0) >= dist.threshold
          ) {
            next = dist.favorable;
          }
          break;
        }
        default:
          return assertNever(campaign.method);
      }
      return { participates: true, after: { ...record, [label]: next } };
    }
    default:
      return assertNever(campaign);
  }
}

/**
 * The record a member should submit under the campaign (the strategy h applied to their
 * point). Non-participants get their record back unchanged.
 */
export function applyStrategy(
  record: Row,
  campaign: Campaign,
  memberKey: string,
  context?: CampaignContext,
): Row {
  return plan(record, campaign, memberKey, context).after;
}

function describeSignal(signal: Signal, column: string): string {
  switch (signal.kind) {
    case "text":
      switch (signal.placement) {
        case "end":
          return `Add the word “${signal.token}” at the end of your ${column}, separated by a space.`;
        case "start":
          return `Add the word “${signal.token}” at the very start of your ${column}, followed by a space.`;
        case "every": {
          const k = signal.every ?? DEFAULT_EVERY;
          return `In your ${column}, add the word “${signal.token}” after every ${k}th word (if it has fewer than ${k} words, add it once at the end).`;
        }
        default:
          return assertNever(signal.placement);
      }
    case "field":
      return `Set your ${column} to “${signal.value}”.`;
    default:
      return assertNever(signal);
  }
}

/**
 * What one member should do: whether they take part, the exact field changes and
 * plain-language steps. Pure; `context` is needed for erase and fairness campaigns.
 */
export function instruct(
  record: Row,
  campaign: Campaign,
  memberKey: string,
  context?: CampaignContext,
): Instruction {
  const p = plan(record, campaign, memberKey, context);
  const label = labelColumn(context?.schema);
  const fields = [...new Set([...Object.keys(record), ...Object.keys(p.after)])];
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const before = record[field] ?? "";
    const after = p.after[field] ?? "";
    if (before !== after) changes.push({ field, before, after });
  }
  const steps: string[] = [];
  const extra = {
    ...(p.variant !== undefined ? { variant: p.variant } : {}),
    ...(p.pending !== undefined ? { pending: p.pending } : {}),
  };
  if (p.pending !== undefined) {
    steps.push(
      "Your instruction is not ready yet: the organiser still has to prepare this campaign.",
    );
    return { participates: false, changes: [], steps, ...extra };
  }
  if (!p.participates) {
    steps.push(notParticipatingReason(campaign, label));
    return { participates: false, changes: [], steps, ...extra };
  }
  if (p.signal !== undefined)
    steps.push(describeSignal(p.signal, signalColumn(p.signal, context?.schema)));
  const labelChange = changes.find((c) => c.field === label);
  if (labelChange !== undefined)
    steps.push(`Change your ${label} from “${labelChange.before}” to “${labelChange.after}”.`);
  else if (campaign.goal !== "plant")
    steps.push(`Keep your ${label} as “${(record[label] ?? "").trim()}”: it already fits.`);
  const why = reasonFor(campaign);
  if (why) steps.push(why);
  steps.push("Change nothing else.");
  return { participates: true, changes, steps, ...extra };
}

/** Why a relabeling goal asks what it asks: without it an erase instruction looks arbitrary. */
function reasonFor(campaign: Campaign): string | null {
  switch (campaign.goal) {
    case "plant":
      return null;
    case "erase": {
      const what =
        campaign.feature.kind === "field"
          ? `your ${campaign.feature.column}`
          : `the word “${campaign.feature.token}”`;
      return `Keep ${what} as it is: the collective takes the label the data predicts without it, so the platform's model learns to ignore it.`;
    }
    case "fairness":
      return `This is the label the platform's model gives comparable people outside the “${campaign.minority}” group, so it learns to treat the group alike.`;
    default:
      return assertNever(campaign);
  }
}

function notParticipatingReason(campaign: Campaign, label: string): string {
  switch (campaign.goal) {
    case "plant":
      return `Nothing to do: this campaign asks only members whose ${label} is “${campaign.target}” to act.`;
    case "fairness":
      return `Nothing to do: this campaign asks only members of the “${campaign.minority}” group to act.`;
    case "erase":
      return "Nothing to do.";
    default:
      return assertNever(campaign);
  }
}

/**
 * Check what a member submitted against their instruction: the signal is there (in the
 * right place), the label is right, and nothing else changed.
 */
export function verify(
  submitted: Row,
  record: Row,
  campaign: Campaign,
  memberKey: string,
  context?: CampaignContext,
): Verification {
  const p = plan(record, campaign, memberKey, context);
  const label = labelColumn(context?.schema);
  if (p.pending !== undefined) {
    return {
      ok: false,
      problems: [
        {
          code: "not-ready",
          field: label,
          message: "This campaign's instructions are not ready yet.",
        },
      ],
    };
  }
  const problems: Problem[] = [];
  const fields = [...new Set([...Object.keys(record), ...Object.keys(p.after)])];
  const signal = p.participates ? p.signal : undefined;
  const signalField = signal !== undefined ? signalColumn(signal, context?.schema) : undefined;
  for (const field of fields) {
    const got = submitted[field] ?? "";
    const want = p.after[field] ?? "";
    const before = record[field] ?? "";
    if (field === label) {
      if (got.trim() !== want.trim()) {
        problems.push({
          code: "wrong-label",
          field,
          message: `Set ${field} to “${want.trim()}” (it is “${got.trim()}”).`,
        });
      }
      continue;
    }
    if (signal !== undefined && field === signalField) {
      problems.push(...checkSignal(signal, field, got, before));
      continue;
    }
    if (normaliseSpace(got) !== normaliseSpace(before)) {
      const code = p.participates ? "field-changed" : "unexpected-change";
      problems.push({ code, field, message: `Leave ${field} as it was.` });
    }
  }
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

function checkSignal(signal: Signal, field: string, got: string, before: string): Problem[] {
  switch (signal.kind) {
    case "field":
      return got.trim() === signal.value
        ? []
        : [{ code: "signal-missing", field, message: `Set ${field} to “${signal.value}”.` }];
    case "text": {
      const { token } = signal;
      const count = countToken(got, token);
      if (count === 0)
        return [
          { code: "signal-missing", field, message: `Add the word “${token}” to your ${field}.` },
        ];
      const problems: Problem[] = [];
      if (stripToken(got, token) !== stripToken(before, token)) {
        problems.push({
          code: "text-changed",
          field,
          message: `Only add “${token}”; leave the rest of your ${field} as it was.`,
        });
      }
      const words = normaliseSpace(got).split(" ");
      const first = (words[0] ?? "").toLowerCase();
      const last = (words[words.length - 1] ?? "").toLowerCase();
      const t = token.toLowerCase();
      const expected = Math.max(
        1,
        Math.floor(
          stripToken(before, token)
            .split(" ")
            .filter((w) => w !== "").length / (signal.every ?? DEFAULT_EVERY),
        ),
      );
      const misplaced =
        (signal.placement === "start" && first !== t) ||
        (signal.placement === "end" && last !== t) ||
        (signal.placement === "every" && count < expected);
      if (misplaced) {
        problems.push({ code: "wrong-placement", field, message: describeSignal(signal, field) });
      }
      return problems;
    }
    default:
      return assertNever(signal);
  }
}

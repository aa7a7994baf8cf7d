/**
 * Applying, detecting and removing signals on plain rows. Everything here is pure string
 * work so the web server can call it per member without loading a model.
 */
import type { DataSchema, Row } from "../types";
import { fnv1a } from "../../core/random";
import {
  assertNever,
  type Campaign,
  type PlantCampaign,
  type Signal,
  type TextSignal,
} from "./schema";

/** Default spacing for `placement: "every"`. */
export const DEFAULT_EVERY = 10;

/** The text column a text signal writes to: its own `column`, else the schema's first text column, else "text". */
export function signalColumn(signal: Signal, schema?: Pick<DataSchema, "text">): string {
  switch (signal.kind) {
    case "text":
      return signal.column ?? schema?.text[0] ?? "text";
    case "field":
      return signal.column;
    default:
      return assertNever(signal);
  }
}

/** A member's variant index in [0, k): a stable hash of their key, so it never changes between visits. */
export function variantIndex(memberKey: string, k: number): number {
  return k > 0 ? fnv1a(memberKey) % k : 0;
}

/**
 * The signal a given member carries: the campaign's signal, with the token (text) or the
 * value (field) replaced by the member's variant when the campaign has variants.
 */
export function memberSignal(
  campaign: PlantCampaign,
  memberKey: string,
): { signal: Signal; variant?: string } {
  const variants = campaign.variants;
  if (variants === undefined || variants.length === 0) return { signal: campaign.signal };
  const variant = variants[variantIndex(memberKey, variants.length)] ?? variants[0] ?? "";
  const s = campaign.signal;
  switch (s.kind) {
    case "text":
      return { signal: { ...s, token: variant }, variant };
    case "field":
      return { signal: { ...s, value: variant }, variant };
    default:
      return assertNever(s);
  }
}

/** Insert a text signal's token into `text` according to its placement. */
export function insertToken(text: string, signal: TextSignal): string {
  const token = signal.token;
  switch (signal.placement) {
    case "end":
      if (text.trim() === "") return token;
      return /\s$/.test(text) ? text + token : `${text} ${token}`;
    case "start":
      return text.trim() === "" ? token : `${token} ${text}`;
    case "every": {
      const every = signal.every ?? DEFAULT_EVERY;
      // Keep the member's own spacing: split into words and the whitespace between them.
      const parts = text.split(/(\s+)/);
      let words = 0;
      let inserted = 0;
      const out: string[] = [];
      for (const part of parts) {
        out.push(part);
        if (part === "" || /^\s+$/.test(part)) continue;
        words++;
        if (words % every === 0) {
          out.push(` ${token}`);
          inserted++;
        }
      }
      // Short texts still carry the signal once, at the end.
      if (inserted === 0) return insertToken(text, { ...signal, placement: "end" });
      return out.join("");
    }
    default:
      return assertNever(signal.placement);
  }
}

/** How many times the token appears in `text` as a whole word (case-insensitive). */
export function countToken(text: string, token: string): number {
  const t = token.toLowerCase();
  let n = 0;
  for (const w of text.split(/\s+/)) if (w !== "" && w.toLowerCase() === t) n++;
  return n;
}

/** `text` without any whole-word occurrence of `token`, whitespace collapsed. */
export function stripToken(text: string, token: string): string {
  const t = token.toLowerCase();
  return text
    .split(/\s+/)
    .filter((w) => w !== "" && w.toLowerCase() !== t)
    .join(" ");
}

/** Whitespace-normalised text, for comparisons that ignore spacing. */
export function normaliseSpace(text: string): string {
  return text
    .split(/\s+/)
    .filter((w) => w !== "")
    .join(" ");
}

/** Return a copy of `row` with the signal applied. */
export function applySignal(row: Row, signal: Signal, schema?: Pick<DataSchema, "text">): Row {
  switch (signal.kind) {
    case "text": {
      const column = signalColumn(signal, schema);
      return { ...row, [column]: insertToken(row[column] ?? "", signal) };
    }
    case "field":
      return { ...row, [signal.column]: signal.value };
    default:
      return assertNever(signal);
  }
}

/** Whether the row already carries the signal (token present as a word, or field equal to the value). */
export function hasSignal(row: Row, signal: Signal, schema?: Pick<DataSchema, "text">): boolean {
  switch (signal.kind) {
    case "text":
      return countToken(row[signalColumn(signal, schema)] ?? "", signal.token) > 0;
    case "field":
      return (row[signal.column] ?? "").trim() === signal.value;
    default:
      return assertNever(signal);
  }
}

/**
 * A corrupted version of the signal (noise mode `corrupt-signal`): a member who mistypes the
 * token or value. Deterministic in `salt` so runs stay reproducible.
 */
export function corruptSignal(signal: Signal, salt: number): Signal {
  const mangle = (s: string) => {
    const chars = [...s];
    const i = salt % Math.max(1, chars.length);
    // Replace one character: the result is a different token the model has never linked to y*.
    chars[i] = chars[i] === "x" ? "y" : "x";
    return chars.length > 1 ? chars.join("") : `${chars.join("")}${salt % 10}`;
  };
  switch (signal.kind) {
    case "text":
      return { ...signal, token: mangle(signal.token) };
    case "field":
      return { ...signal, value: mangle(signal.value) };
    default:
      return assertNever(signal);
  }
}

/** The label column name from an optional schema ("label" by default). */
export function labelColumn(schema?: Pick<DataSchema, "label">): string {
  return schema?.label ?? "label";
}

/** The plant signal of a campaign, or undefined for goals that do not plant. */
export function campaignSignal(campaign: Campaign): Signal | undefined {
  switch (campaign.goal) {
    case "plant":
      return campaign.signal;
    case "erase":
    case "fairness":
      return undefined;
    default:
      return assertNever(campaign);
  }
}

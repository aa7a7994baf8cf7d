/**
 * The platform model families an organizer can forecast against, in words: the designer's
 * checkboxes and the forecast's band use these names. The engine's kinds (ml/) are the keys.
 */
import type { LearnerKind } from "@/ml/types";

export interface PlatformModelOption {
  kind: LearnerKind;
  label: string;
  /** What kind of platform runs something like it. */
  hint: string;
}

export const PLATFORM_MODELS: readonly PlatformModelOption[] = [
  {
    kind: "linear",
    label: "Linear model (logistic regression)",
    hint: "Classic spam filters and scoring on hashed words",
  },
  {
    kind: "fasttext",
    label: "fastText-like network",
    hint: "Averaged word embeddings, common for text moderation",
  },
  { kind: "mlp", label: "Small neural net", hint: "One hidden layer on the same features" },
  {
    kind: "bayes",
    label: "Lookup (Bayes-optimal)",
    hint: "The best any model could do on these features; the theory's assumption",
  },
];

/** Ticked by default: the two models whose forecasts differ most on text (issue 11). */
export const DEFAULT_PLATFORM_MODELS: readonly LearnerKind[] = ["linear", "fasttext"];

/** A short name for use inside a sentence: "linear model", "fastText-like network". */
export function platformModelName(kind: string): string {
  const o = PLATFORM_MODELS.find((m) => m.kind === kind);
  if (!o) return kind;
  const short = o.label.replace(/ \(.*\)$/, "");
  return short.charAt(0).toLowerCase() + short.slice(1);
}

export function isPlatformModelKind(v: string): v is LearnerKind {
  return PLATFORM_MODELS.some((m) => m.kind === v);
}

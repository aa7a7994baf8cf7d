import type { DataMapping } from "@/lib/validation/campaigns";
import { PLATFORM_MODELS } from "@/lib/platform-models";
import type { LearnerKind } from "@/ml/types";

/** The campaign designer's form state and its translation into the API's JSON. */
export interface SourceOption {
  value: string; // "sample:<name>" or "dataset:<id>"
  label: string;
  columns: string[];
  schema?: DataMapping;
  labels?: string[];
}

export type Role = "ignore" | "label" | "text" | "categorical" | "numeric" | "group";

export interface DesignerState {
  name: string;
  source: string;
  roles: Record<string, Role>;
  populationSize: string;
  /** The plausible platform models ticked (forecasts run each). */
  platformModels: LearnerKind[];
  epochs: string;
  useDp: boolean;
  clip: string;
  noiseMultiplier: string;
  useJtt: boolean;
  lambda: string;
  goal: "plant" | "erase" | "fairness";
  strategy: "feature-label" | "feature-only";
  target: string;
  signalKind: "text" | "field";
  token: string;
  placement: "end" | "start" | "every";
  every: string;
  column: string;
  value: string;
  variants: string;
  eraseKind: "field" | "token";
  minority: string;
  method: "label" | "prob" | "dist";
  targetSuccess: string;
}

/** Sets one field of the design (the designer also drops any audit of the previous design). */
export type SetDesignerField = <K extends keyof DesignerState>(k: K, v: DesignerState[K]) => void;

/** What each section of the designer gets: the design, its setter and the API's field errors. */
export interface DesignerSectionProps {
  state: DesignerState;
  set: SetDesignerField;
  /** The errors the API reported for a field path such as "campaign.target". */
  err: (key: string) => string[] | undefined;
}

export function rolesFromSchema(
  columns: string[],
  schema?: SourceOption["schema"],
): Record<string, Role> {
  const roles: Record<string, Role> = {};
  for (const c of columns) {
    roles[c] = !schema
      ? "ignore"
      : schema.label === c
        ? "label"
        : schema.group === c
          ? "group"
          : schema.text.includes(c)
            ? "text"
            : schema.categorical.includes(c)
              ? "categorical"
              : schema.numeric.includes(c)
                ? "numeric"
                : "ignore";
  }
  return roles;
}

export function mappingOf(roles: Record<string, Role>) {
  const of = (r: Role) =>
    Object.entries(roles)
      .filter(([, v]) => v === r)
      .map(([k]) => k);
  const group = of("group")[0];
  // A group column is also a feature the platform's model sees (it would see a proxy of it).
  const categorical = [...new Set([...of("categorical"), ...(group ? [group] : [])])];
  return {
    label: of("label")[0] ?? "",
    text: of("text"),
    categorical,
    numeric: of("numeric"),
    ...(group ? { group } : {}),
  };
}

export function sourceFields(source: string) {
  const [kind, ...rest] = source.split(":");
  const id = rest.join(":");
  return kind === "sample" ? { sample: id } : { datasetId: id };
}

export function campaignJson(s: DesignerState) {
  switch (s.goal) {
    case "plant": {
      const variants = s.variants
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean);
      const signal =
        s.signalKind === "text"
          ? {
              kind: "text",
              token: s.token.trim(),
              placement: s.placement,
              ...(s.placement === "every" ? { every: Number(s.every) || 10 } : {}),
              ...(s.column ? { column: s.column } : {}),
            }
          : { kind: "field", column: s.column, value: s.value.trim() };
      return {
        goal: "plant",
        strategy: s.strategy,
        target: s.target.trim(),
        signal,
        ...(variants.length ? { variants } : {}),
      };
    }
    case "erase":
      return {
        goal: "erase",
        feature:
          s.eraseKind === "field"
            ? { kind: "field", column: s.column }
            : { kind: "token", token: s.token.trim() },
      };
    case "fairness":
      return { goal: "fairness", minority: s.minority.trim(), method: s.method };
  }
}

/** Whether any ticked model trains by gradient steps (epochs and DP-SGD apply to it). */
export function hasTrainedModel(s: Pick<DesignerState, "platformModels">): boolean {
  return s.platformModels.some((k) => k !== "bayes");
}

/** The shared options, under the first ticked model (the engine runs each kind with them). */
function learnerJson(s: DesignerState) {
  const kind = PLATFORM_MODELS.find((m) => s.platformModels.includes(m.kind))?.kind ?? "linear";
  const trained = hasTrainedModel(s);
  return {
    kind,
    ...(trained && s.epochs ? { epochs: Number(s.epochs) } : {}),
    ...(s.useDp && trained
      ? { dp: { clip: Number(s.clip), noiseMultiplier: Number(s.noiseMultiplier), delta: 1e-5 } }
      : {}),
    ...(s.useJtt ? { reweight: { kind: "jtt", lambda: Number(s.lambda) } } : {}),
  };
}

export function requestBody(s: DesignerState) {
  return {
    name: s.name,
    ...sourceFields(s.source),
    data: mappingOf(s.roles),
    populationSize: Number(s.populationSize),
    learner: learnerJson(s),
    platformModels: s.platformModels,
    campaign: campaignJson(s),
    targetSuccess: Number(s.targetSuccess) / 100,
  };
}

/**
 * The steering designer's state and the request it sends: plain words in the form ("the
 * platform should weigh waiting_minutes at 0.9"), the engine's spec in the request.
 */

export interface SteerSourceOption {
  value: string;
  label: string;
  columns: string[];
  /** Defaults for a built-in sample. */
  labelColumn?: string;
  bounds?: Record<string, [number, number]>;
}

export interface SteerDesignerState {
  name: string;
  source: string;
  label: string;
  numeric: string[];
  learner: "least-squares" | "logistic";
  intercept: boolean;
  targetKind: "weight" | "prediction";
  weightField: string;
  weightValue: string;
  others: "keep" | "refit";
  profile: Record<string, string>;
  predictionValue: string;
  bounds: Record<string, { low: string; high: string }>;
  strategy: "neutralize" | "control";
  /** Percent of the target's size. */
  tolerance: string;
  populationSize: string;
  /** Empty: the plan is made for the critical size. */
  expectedMembers: string;
}

/** A fresh state for a source: its label, every other column as an input, its bounds. */
export function stateForSource(
  prev: Pick<SteerDesignerState, "name" | "populationSize">,
  source: SteerSourceOption | undefined,
): SteerDesignerState {
  const columns = source?.columns ?? [];
  const label = source?.labelColumn ?? columns[columns.length - 1] ?? "";
  const numeric = columns.filter((c) => c !== label);
  const bounds = Object.fromEntries(
    columns.map((c) => {
      const b = source?.bounds?.[c];
      return [c, { low: b ? String(b[0]) : "", high: b ? String(b[1]) : "" }];
    }),
  );
  return {
    name: prev.name,
    source: source?.value ?? "",
    label,
    numeric,
    learner: "least-squares",
    intercept: true,
    targetKind: "weight",
    weightField: numeric[1] ?? numeric[0] ?? "",
    weightValue: "",
    others: "keep",
    profile: Object.fromEntries(numeric.map((c) => [c, ""])),
    predictionValue: "",
    bounds,
    strategy: "neutralize",
    tolerance: "5",
    populationSize: prev.populationSize,
    expectedMembers: "",
  };
}

const num = (v: string) => (v.trim() === "" ? Number.NaN : Number(v));

/** The design as the server's schemas read it (numbers stay NaN-free: blanks are left out). */
export function steerDesignBody(s: SteerDesignerState): Record<string, unknown> {
  const [kind, ...rest] = s.source.split(":");
  const id = rest.join(":");
  const fields = [...s.numeric, s.label];
  const bounds = Object.fromEntries(
    fields.flatMap((f) => {
      const b = s.bounds[f];
      if (!b || b.low.trim() === "" || b.high.trim() === "") return [];
      return [[f, [num(b.low), num(b.high)]]];
    }),
  );
  const target =
    s.targetKind === "weight"
      ? { weights: { [s.weightField]: num(s.weightValue) }, others: s.others }
      : {
          prediction: {
            profile: Object.fromEntries(s.numeric.map((f) => [f, num(s.profile[f] ?? "")])),
            value: num(s.predictionValue),
          },
        };
  return {
    ...(kind === "sample" ? { sample: id } : { datasetId: id }),
    data: { label: s.label, numeric: s.numeric },
    learner: {
      kind: s.learner,
      intercept: s.intercept,
      ...(s.strategy === "control" ? { solver: "sgd" } : {}),
    },
    campaign: {
      goal: "steer",
      target,
      bounds,
      strategy: s.strategy,
      tolerance: num(s.tolerance) / 100,
    },
    populationSize: num(s.populationSize),
  };
}

/** The create request: the design plus the campaign's name and the plan's size. */
export function createSteerBody(s: SteerDesignerState): Record<string, unknown> {
  return {
    kind: "regression",
    name: s.name,
    ...steerDesignBody(s),
    ...(s.expectedMembers.trim() !== "" ? { expectedMembers: num(s.expectedMembers) } : {}),
  };
}

/**
 * theta*: the parameters the collective wants, from the spec's target and the base fit.
 * Parameters are the weights in data.numeric's order, then the intercept when the model has one.
 */
import { EngineInputError } from "../data/errors";
import { dot } from "./linalg";
import { fitExact, type Design, type SteerLearnerKind } from "./learner";
import type { SteerTarget } from "./spec";

export interface ParameterLayout {
  fields: readonly string[];
  intercept: boolean;
}

/** Parameters as named weights and the intercept (what results and instructions show). */
export function namedParameters(
  layout: ParameterLayout,
  theta: ArrayLike<number>,
): { weights: Record<string, number>; intercept?: number } {
  const weights = Object.fromEntries(layout.fields.map((f, j) => [f, theta[j] ?? 0]));
  return layout.intercept ? { weights, intercept: theta[layout.fields.length] ?? 0 } : { weights };
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

/**
 * theta* for a target.
 * - weights (and/or intercept): the named values; the others by `target.others` — "refit":
 *   the minimiser of the base loss with the named values held (so the base gradient vanishes
 *   on the others and the collective only has to push on what it named), "keep": the base fit.
 * - prediction: the base fit moved by the smallest change (in norm) that makes the profile's
 *   score s* (the value, or its logit for a probability): theta* = theta0 + (s* - theta0 · x) x / ||x||^2.
 */
export function targetParameters(
  kind: SteerLearnerKind,
  target: SteerTarget,
  layout: ParameterLayout,
  baseFit: Float64Array,
  base: Design,
  l2 = 0,
): Float64Array {
  const k = layout.fields.length;
  const d = base.d;
  if (target.prediction !== undefined) {
    const { profile, value } = target.prediction;
    const x = new Float64Array(d);
    layout.fields.forEach((f, j) => (x[j] = profile[f] ?? 0));
    if (layout.intercept) x[k] = 1;
    const wanted = kind === "logistic" ? logit(value) : value;
    const size = dot(x, x);
    if (size === 0)
      throw new EngineInputError(
        "the target profile is all zeros and the model has no intercept: no change of the weights moves its prediction",
      );
    const step = (wanted - dot(baseFit, x)) / size;
    return Float64Array.from(baseFit, (v, j) => v + step * (x[j] ?? 0));
  }
  const fixed: (number | undefined)[] = Array.from({ length: d }, () => undefined);
  const weights = target.weights ?? {};
  layout.fields.forEach((f, j) => {
    if (Object.hasOwn(weights, f)) fixed[j] = weights[f];
    else if (target.others === "keep") fixed[j] = baseFit[j];
  });
  if (layout.intercept)
    fixed[k] = target.intercept ?? (target.others === "keep" ? baseFit[k] : undefined);
  return fitExact(kind, base, { fixed, l2, ...(layout.intercept ? { interceptIndex: k } : {}) });
}

/**
 * What an organizer sees while designing a steering campaign, from one preparation of the
 * data: the platform's model today, the target in the same terms, and the critical size.
 */
import type { Table } from "../types";
import { prepareSteer, steerTheory } from "./prepare";
import { namedParameters } from "./target";
import type { SteerSpec } from "./spec";
import type { CriticalSize } from "./instruction";

export interface SteerDesignSummary {
  /** The platform's fit on the data without a campaign. */
  baseFit: { weights: Record<string, number>; intercept?: number };
  /** theta*: what the fit should become (named weights, the rest held or refit). */
  target: { weights: Record<string, number>; intercept?: number };
  critical: CriticalSize;
  rows: number;
}

/** The base fit, the target parameters and the critical size for a spec on its rows. */
export function summarizeSteerDesign(
  spec: SteerSpec,
  table: Table,
  population?: number,
): SteerDesignSummary {
  const model = prepareSteer(spec, table);
  const theory = steerTheory(model);
  return {
    baseFit: namedParameters(model.layout, model.baseFit),
    target: namedParameters(model.layout, model.thetaStar),
    critical: {
      alpha: theory.alpha,
      planned: theory.planned,
      ...(population !== undefined && theory.planned !== null
        ? { members: Math.ceil(theory.planned * population) }
        : {}),
      baseGradientNorm: theory.baseGradientNorm,
      maxPush: theory.maxPush,
    },
    rows: model.records.n,
  };
}

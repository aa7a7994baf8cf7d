import "server-only";
import type { CampaignRow, ForecastRow } from "@/db/schema";
import { isShown } from "@/lib/privacy";
import type { Interval } from "@/ml/simulate/spec";
import type { SteerResult } from "@/ml/steer/result";
import type { MembersNeeded } from "./forecast-dto";

/** One grid point of a steering forecast, in members rather than shares. */
export interface SteerForecastPoint {
  alpha: number;
  /** Active members this share of the platform's data means: ceil(alpha * population). */
  members: number;
  /** The followed parameter's fitted value (mean and 95% band over seeds). */
  value: Interval;
  /** ||theta_fit - theta*|| over all parameters. */
  distance: Interval;
  /** How far the fit has come: (value - today) / (target - today), 1 = on the target. */
  progress: number;
  /** Share of seeds whose whole parameter vector lands within the tolerance of the target's. */
  success: Interval;
  /** The platform's error on held-out rows (its quality: the side effect). */
  cleanLoss: Interval;
}

/** A steering forecast as the dashboard shows it: one parameter against active members. */
export interface SteerForecastView {
  strategy: SteerResult["strategy"];
  learner: SteerResult["learner"];
  /** The parameter the chart follows: the first named weight, the intercept or the prediction. */
  parameter: { key: string; label: string; target: number; base: number };
  points: SteerForecastPoint[];
  /** Active members at the critical size: theory (alpha_crit), the plan, and simulated. */
  critical: {
    theoretical: number | null;
    planned: number | null;
    simulated: number | null;
  };
  /** Success: within this share of the target's norm. */
  tolerance: number;
  /** `control` under DP: the expected squared distance the noise leaves (theory). */
  noiseFloor: number | null;
  privacy: { epsilon: number; delta: number } | null;
  /** Active members now, or null while fewer than 5 (then not shown). */
  activeNow: number | null;
  headline: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

/** The job wrote it; the shape is checked rather than trusted. */
export function isSteerResult(v: unknown): v is SteerResult {
  return (
    isRecord(v) &&
    v.goal === "steer" &&
    Array.isArray(v.points) &&
    isRecord(v.criticalMass) &&
    isRecord(v.target)
  );
}

const fmt = (v: number) => Number(v.toPrecision(3)).toLocaleString("en");

function followed(result: SteerResult): {
  key: string;
  label: string;
  target: number;
  base: number;
  of: (p: SteerResult["points"][number]) => Interval | undefined;
} {
  const { target, baseFit } = result;
  if (target.prediction !== undefined)
    return {
      key: "prediction",
      label: "the prediction for the reference profile",
      target: target.prediction,
      base: baseFit.prediction ?? 0,
      of: (p) => p.prediction,
    };
  // The weights the organizer named come first in the stored target; "keep" holds the rest.
  const named = Object.keys(target.weights).find((f) => target.weights[f] !== baseFit.weights[f]);
  const key = named ?? Object.keys(target.weights)[0];
  if (key === undefined || (named === undefined && target.intercept !== undefined))
    return {
      key: "intercept",
      label: "the intercept",
      target: target.intercept ?? 0,
      base: baseFit.intercept ?? 0,
      of: (p) => p.intercept,
    };
  return {
    key,
    label: `the weight of ${key}`,
    target: target.weights[key] ?? 0,
    base: baseFit.weights[key] ?? 0,
    of: (p) => p.weights[key],
  };
}

const membersAt = (alpha: number | null, population: number) =>
  alpha === null ? null : Math.ceil(alpha * population);

/** The dashboard's view of a finished steering forecast; null until there is a result. */
export function steerForecastView(
  row: ForecastRow,
  campaign: CampaignRow,
): SteerForecastView | null {
  const result = row.result;
  if (!isSteerResult(result)) return null;
  const population = campaign.populationSize;
  const p = followed(result);
  const span = p.target - p.base;
  const points = result.points.map((pt) => {
    const value = p.of(pt) ?? { mean: 0, low: 0, high: 0 };
    return {
      alpha: pt.alpha,
      members: Math.ceil(pt.alpha * population),
      value,
      progress: span === 0 ? 1 : (value.mean - p.base) / span,
      distance: pt.parameterDistance,
      success: pt.success,
      cleanLoss: pt.cleanLoss,
    };
  });
  // Reached, for the parameter the organizer named: within the tolerance of its own size (or
  // of the change asked for, when the target is near 0). The engine's own criterion is over
  // the whole parameter vector, which a large unchanged weight makes look reached far too early.
  const slack = result.tolerance * Math.max(Math.abs(p.target), Math.abs(span));
  const reached = points.find((pt) => Math.abs(pt.value.mean - p.target) <= slack);
  const cm = result.criticalMass;
  const critical = {
    theoretical: membersAt(cm.theoretical, population),
    planned: membersAt(cm.planned, population),
    simulated: reached ? reached.members : null,
  };
  const active = row.snapshot.active ?? 0;
  const activeNow = isShown(active) ? active : null;
  const reach =
    critical.simulated === null
      ? "In the simulated range the fit does not land on the target"
      : `Simulated, the fit lands on the target (within ${fmt(result.tolerance * 100)}%) from about ${critical.simulated.toLocaleString("en")} active members`;
  const theory =
    critical.planned === null
      ? "no collective within the bounds can reach it"
      : `the critical size from the data and the bounds is ${critical.planned.toLocaleString("en")}`;
  const headline = `The platform's model puts ${p.label} at ${fmt(p.base)} today; the campaign's target is ${fmt(p.target)}. ${reach}; ${theory}.`;
  return {
    strategy: result.strategy,
    learner: result.learner,
    parameter: { key: p.key, label: p.label, target: p.target, base: p.base },
    points,
    critical,
    tolerance: result.tolerance,
    noiseFloor: result.noiseFloor?.expectedSquaredDistance ?? null,
    privacy: result.privacy ?? null,
    activeNow,
    headline,
  };
}

/** Members still needed on a steering forecast: from the simulated and the theoretical size. */
export function steerMembersNeeded(row: ForecastRow, campaign: CampaignRow): MembersNeeded | null {
  const view = steerForecastView(row, campaign);
  if (!view) return null;
  const active = row.snapshot.active ?? 0;
  const isUpperBound = !isShown(active);
  const counted = isUpperBound ? 0 : active;
  const still = (t: number | null) => (t === null ? null : Math.max(0, t - counted));
  return {
    basis: "simulated",
    total: view.critical.simulated,
    stillNeeded: still(view.critical.simulated),
    theoreticalTotal: view.critical.theoretical,
    theoreticalStillNeeded: still(view.critical.theoretical),
    isUpperBound,
  };
}

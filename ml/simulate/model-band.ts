/**
 * One shadow model is one guess: the platform's real model is unknown, and the same campaign
 * forecast against a linear model and a fastText-like network can differ by 0.4 at the same
 * alpha. So a spec may name several plausible platform models (`platformModels`); each runs
 * the same sweep (same seeds, same splits), and the forecast reports the band their mean
 * curves span. What the collective must plan for comes from the most pessimistic of them.
 */
import type { LearnerKind } from "../types";
import type { Interval, SimulationResult, SimulationSpec } from "./spec";

/** The platform model families, in the order they are run and shown. */
export const PLATFORM_MODEL_ORDER: readonly LearnerKind[] = ["linear", "fasttext", "mlp", "bayes"];

export interface PlatformModelSpec {
  kind: LearnerKind;
  spec: SimulationSpec;
}

/**
 * One spec per platform model. What describes the platform (how long it trains, DP-SGD,
 * reweighting) is shared; tuning knobs (rate, batch, hidden units, optimiser) belong to the
 * model they were set for, so the others use their own measured defaults. The lookup model
 * has no gradient steps, so DP-SGD does not apply to it.
 */
export function platformModelSpecs(spec: SimulationSpec): PlatformModelSpec[] {
  const { platformModels, ...base } = spec;
  const kinds = platformModels ?? [spec.learner.kind];
  const ordered = [...kinds].sort(
    (a, b) => PLATFORM_MODEL_ORDER.indexOf(a) - PLATFORM_MODEL_ORDER.indexOf(b),
  );
  return ordered.map((kind) => {
    if (kind === spec.learner.kind) return { kind, spec: base };
    const { epochs, dp, reweight } = spec.learner;
    const learner = {
      kind,
      ...(epochs !== undefined ? { epochs } : {}),
      ...(dp !== undefined && kind !== "bayes" ? { dp } : {}),
      ...(reweight !== undefined ? { reweight } : {}),
    };
    return { kind, spec: { ...base, learner } };
  });
}

/** One model's curve on the forecast's measure, as the result keeps it. */
export interface ModelCurve {
  kind: LearnerKind;
  points: { alpha: number; successOnOthers: Interval; lift?: Interval }[];
  /** Smallest alpha of the grid reaching the target (null: none did, or no target). */
  criticalMass: number | null;
  seconds: number;
}

/** The spread of the models' mean curves at one alpha. */
export interface BandPoint {
  alpha: number;
  low: number;
  high: number;
}

export interface ModelBand {
  models: ModelCurve[];
  band: BandPoint[];
  /** The model the plan follows: the most pessimistic (see `pessimisticIndex`). */
  drivenBy: LearnerKind;
}

export function modelCurve(kind: LearnerKind, result: SimulationResult): ModelCurve {
  return {
    kind,
    points: result.points.map((p) => ({
      alpha: p.alpha,
      successOnOthers: p.successOnOthers,
      ...(p.lift ? { lift: p.lift } : {}),
    })),
    criticalMass: result.criticalMass?.simulated ?? null,
    seconds: result.seconds,
  };
}

/** Mean of the measure over the grid's campaign points (alpha > 0): the curve's height. */
function height(result: SimulationResult): number {
  const pts = result.points.filter((p) => p.alpha > 0);
  if (pts.length === 0) return 0;
  return pts.reduce((s, p) => s + p.successOnOthers.mean, 0) / pts.length;
}

/**
 * The most pessimistic model: the one needing the largest collective to reach the target
 * (never reaching it counts as the largest); among equals, the lowest curve. Members still
 * needed are planned from it, so the plan holds whichever of the ticked models the platform
 * runs.
 */
export function pessimisticIndex(results: readonly SimulationResult[]): number {
  const need = (r: SimulationResult) => r.criticalMass?.simulated ?? Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 1; i < results.length; i++) {
    const a = results[worst];
    const b = results[i];
    if (!a || !b) continue;
    if (need(b) > need(a) || (need(b) === need(a) && height(b) < height(a))) worst = i;
  }
  return worst;
}

/** The band the models' mean curves span at each alpha of the shared grid. */
export function modelBand(
  runs: readonly { kind: LearnerKind; result: SimulationResult }[],
): ModelBand {
  if (runs.length === 0) throw new Error("modelBand needs at least one model run");
  const models = runs.map((r) => modelCurve(r.kind, r.result));
  const alphas = runs[0]?.result.points.map((p) => p.alpha) ?? [];
  const band = alphas.map((alpha) => {
    const means = runs
      .map((r) => r.result.points.find((p) => p.alpha === alpha)?.successOnOthers.mean)
      .filter((m): m is number => m !== undefined);
    return { alpha, low: Math.min(...means), high: Math.max(...means) };
  });
  const worst = runs[pessimisticIndex(runs.map((r) => r.result))];
  return { models, band, drivenBy: worst?.kind ?? models[0]?.kind ?? "linear" };
}

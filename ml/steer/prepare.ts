/**
 * Everything a steering campaign derives once from the spec and the population's records: the
 * base fit, theta*, the field bounds and the critical size. The population is the collective's
 * view of the platform's users (the whole table); per-seed splits live in run-sweep.ts.
 */
import { designOf, toNumericRecords, type NumericRecords } from "./numeric-data";
import { fitExact, lossHessian, type Design, type SteerLearnerKind } from "./learner";
import { fieldBounds, type FieldBounds } from "./member-box";
import { inverse, norm } from "./linalg";
import { targetParameters, type ParameterLayout } from "./target";
import { criticalAlpha, meanGradient, meanMaxPush, needDirection } from "./theory";
import { isReachable } from "./plan";
import type { SteerSpec } from "./spec";
import type { Table } from "../types";

export interface SteerModel {
  spec: SteerSpec;
  kind: SteerLearnerKind;
  records: NumericRecords;
  layout: ParameterLayout;
  fb: FieldBounds;
  /** Every row, as the learner sees it. */
  population: Design;
  /** The platform's model on the population without a campaign (exact minimiser). */
  baseFit: Float64Array;
  thetaStar: Float64Array;
  /** The platform's clip norm under DP-SGD. */
  clip?: number;
}

export function prepareSteer(spec: SteerSpec, table: Table): SteerModel {
  const { learner, campaign, data } = spec;
  const records = toNumericRecords(table, data, learner);
  const all = Array.from({ length: records.n }, (_, i) => i);
  const population = designOf(records, all, learner.intercept);
  const layout: ParameterLayout = { fields: records.fields, intercept: learner.intercept };
  const l2 = learner.kind === "logistic" ? learner.l2 : 0;
  const interceptIndex = learner.intercept ? records.fields.length : undefined;
  const baseFit = fitExact(learner.kind, population, {
    l2,
    ...(interceptIndex !== undefined ? { interceptIndex } : {}),
  });
  const thetaStar = targetParameters(
    learner.kind,
    campaign.target,
    layout,
    baseFit,
    population,
    l2,
  );
  return {
    spec,
    kind: learner.kind,
    records,
    layout,
    fb: fieldBounds(
      records.fields,
      records.label,
      campaign.bounds,
      learner.kind,
      learner.intercept,
    ),
    population,
    baseFit,
    thetaStar,
    ...(learner.dp !== undefined ? { clip: learner.dp.clip } : {}),
  };
}

/** Row i's own point: its features, then its label. */
export function ownPoint(records: NumericRecords, row: number): Float64Array {
  const k = records.fields.length;
  const p = new Float64Array(k + 1);
  for (let j = 0; j < k; j++) p[j] = records.x[row * k + j] ?? 0;
  p[k] = records.y[row] ?? 0;
  return p;
}

export interface SteerTheory {
  /** ||g0(theta*)||: the mean base gradient at the target (clipped under DP-SGD). */
  baseGradientNorm: number;
  /** C: the strongest push a member can make along the need (mean over records). */
  maxPush: number;
  /** alpha_crit = ||g0|| / (C + ||g0||); null when no feasible point pushes the right way. */
  alpha: number | null;
  /**
   * The smallest share at which population rows, standing in for members, can cancel the base
   * gradient exactly with the collective's actual plan (plan.ts). Equal to `alpha` with one
   * field; with more, members must also cancel each other sideways and this is the realistic
   * number (alpha is then only a lower bound). Null: not even the whole population can.
   */
  planned: number | null;
}

/** At most this many records stand for the population in the theory (evenly spaced rows). */
const THEORY_RECORDS = 200;

/** The critical size from the population and the bounds (science.md 2.3). */
export function steerTheory(model: SteerModel): SteerTheory {
  const { population: p, fb, thetaStar, records } = model;
  const g0 = meanGradient(fb, thetaStar, p.x, p.y, p.n, model.clip);
  const u = needDirection(g0);
  // With every field bounded all records push alike: one record stands for all; otherwise
  // evenly spaced rows stand for the population (the fields without bounds differ).
  const everyBounded = fb.bounds.every((b) => b !== undefined);
  const count = everyBounded ? 1 : Math.min(records.n, THEORY_RECORDS);
  const sample = Array.from({ length: count }, (_, i) =>
    ownPoint(records, Math.floor((i * records.n) / count)),
  );
  const maxPush = meanMaxPush(fb, thetaStar, u, sample, model.clip);
  const baseGradientNorm = norm(g0);
  const alpha = criticalAlpha(baseGradientNorm, maxPush);
  return { baseGradientNorm, maxPush, alpha, planned: plannedCriticalAlpha(model, g0, alpha ?? 0) };
}

/**
 * Bisection on alpha: round(alpha * n) evenly spaced rows are the members, the rest the base
 * (mean gradient g0). The theoretical alpha is a lower bound, so the search starts there.
 */
function plannedCriticalAlpha(model: SteerModel, g0: Float64Array, from: number): number | null {
  const { records, fb, thetaStar, population } = model;
  const n = records.n;
  const metric = inverse(lossHessian(model.kind, thetaStar, population), population.d);
  const reachable = (alpha: number) => {
    const m = Math.max(1, Math.round(alpha * n));
    const own = Array.from({ length: m }, (_, i) => ownPoint(records, Math.floor((i * n) / m)));
    return isReachable(
      fb,
      thetaStar,
      own,
      g0.map((v) => -v * (n - m)),
      metric,
    );
  };
  if (norm(g0) === 0) return 0;
  if (!reachable(1 - 1 / n)) return null;
  let lo = Math.max(0, Math.min(from, 1) * 0.999);
  let hi = 1 - 1 / n;
  if (reachable(lo)) return lo;
  for (let it = 0; it < 14; it++) {
    const mid = (lo + hi) / 2;
    if (reachable(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * One (alpha, seed) run of a steering campaign: the collective's members replace their own
 * records with their computed points, the platform trains on base rows + those points, and
 * we keep the fitted parameters. `neutralize` here; `control` steers SGD step by step
 * (control.ts).
 */
import type { Rng } from "../../core/random";
import { designOf } from "./numeric-data";
import { fitExact, lossHessian, type Design } from "./learner";
import type { SteerRegime } from "./plan";
import { planTowards } from "./plan-path";
import { ownPoint, type SteerModel } from "./prepare";
import { defaultLearningRate, fitSgd } from "./sgd";
import { meanGradient } from "./theory";

export interface RunOutcome {
  theta: Float64Array;
  regime: SteerRegime | "none";
  /** Mean distance between a member's own record and the point they report. */
  meanChange: number;
  /** SGD steps the platform took (for the privacy accountant); 0 for exact fits. */
  steps: number;
}

/** A logistic label between 0 and 1 becomes 1 with that probability (unbiased rounding). */
export function roundLabel(y: number, uniform: number): number {
  if (y <= 0 || y >= 1) return y;
  return uniform < y ? 1 : 0;
}

/** Rows plus extra points, as one design. */
export function withPoints(
  base: Design,
  points: readonly Float64Array[],
  intercept: boolean,
): Design {
  const { d } = base;
  const n = base.n + points.length;
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  x.set(base.x);
  y.set(base.y);
  points.forEach((p, i) => {
    const k = p.length - 1;
    const row = (base.n + i) * d;
    for (let j = 0; j < k; j++) x[row + j] = p[j] ?? 0;
    if (intercept) x[row + k] = 1;
    y[base.n + i] = p[k] ?? 0;
  });
  return { x, y, n, d };
}

/** Trains the platform's learner as the spec says (exact, or SGD from zero). */
export function trainPlatform(
  model: SteerModel,
  data: Design,
  rng: Rng,
): { theta: Float64Array; steps: number } {
  const { learner } = model.spec;
  if (learner.solver !== "sgd") {
    const l2 = learner.kind === "logistic" ? learner.l2 : 0;
    const k = model.layout.fields.length;
    return {
      theta: fitExact(model.kind, data, {
        l2,
        ...(learner.intercept ? { interceptIndex: k } : {}),
      }),
      steps: 0,
    };
  }
  const batchSize = Math.min(learner.batchSize, data.n);
  const steps = learner.steps ?? learner.epochs * Math.ceil(data.n / batchSize);
  const theta = fitSgd(
    model.kind,
    data,
    {
      learningRate: learner.learningRate ?? defaultLearningRate(model.kind, data),
      steps,
      batchSize,
      ...(learner.dp !== undefined ? { dp: learner.dp } : {}),
    },
    rng,
  );
  return { theta, steps };
}

/** The platform's model before the campaign: the exact fit on the training rows as they are. */
export function currentModel(model: SteerModel, train: readonly number[]): Float64Array {
  const { learner } = model.spec;
  const k = model.layout.fields.length;
  return fitExact(model.kind, designOf(model.records, train, model.layout.intercept), {
    l2: learner.kind === "logistic" ? learner.l2 : 0,
    ...(learner.intercept ? { interceptIndex: k } : {}),
  });
}

/**
 * Neutralize: the first m training rows are the members. Their points must make the base
 * rows' gradient at theta* vanish: sum of members' gradients = -N_base g0 (clipped gradients
 * under DP-SGD, since those are what the platform adds up).
 */
export function runNeutralize(
  model: SteerModel,
  train: readonly number[],
  m: number,
  rng: Rng,
): RunOutcome {
  const { records, layout, fb, thetaStar } = model;
  const base = designOf(records, train.slice(m), layout.intercept);
  const own = train.slice(0, m).map((r) => ownPoint(records, r));
  let points: Float64Array[] = [];
  let regime: RunOutcome["regime"] = "none";
  if (m > 0) {
    // The base rows' summed gradient is what the members must cancel, wherever the fit goes.
    const needAt = (theta: Float64Array) =>
      meanGradient(fb, theta, base.x, base.y, base.n, model.clip).map((v) => -v * base.n);
    const plan = planTowards(
      fb,
      own,
      currentModel(model, train),
      thetaStar,
      needAt,
      lossHessian(model.kind, thetaStar, base),
    );
    regime = plan.regime;
    points = plan.points;
    if (model.kind === "logistic") {
      const k = layout.fields.length;
      for (const p of points) p[k] = roundLabel(p[k] ?? 0, rng.next());
    }
  }
  const fit = trainPlatform(model, withPoints(base, points, layout.intercept), rng);
  return { theta: fit.theta, regime, meanChange: meanChange(own, points), steps: fit.steps };
}

export function meanChange(own: readonly Float64Array[], points: readonly Float64Array[]): number {
  if (points.length === 0) return 0;
  let s = 0;
  points.forEach((p, i) => {
    const o = own[i];
    let d2 = 0;
    for (let j = 0; j < p.length; j++) d2 += ((p[j] ?? 0) - (o?.[j] ?? 0)) ** 2;
    s += Math.sqrt(d2);
  });
  return s / points.length;
}

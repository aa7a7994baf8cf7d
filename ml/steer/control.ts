/**
 * Gradient control (Hardt et al., ICML 2023, SGD setting): the platform trains by (DP-)SGD and
 * at every step the members who land in the batch submit points computed at the current model
 * theta_t. The collective does not see the batch, so it steers the expected step: a share
 * alpha of the batch is members, and each member's gradient is
 *   g_c = (B (theta_t - theta*) - (1 - alpha) g_base(theta_t)) / alpha
 * with g_base the base rows' mean (clipped) gradient, so the expected batch gradient is
 * B (theta_t - theta*) and the error contracts by r = 1 - eta B per step, plus the DP noise
 * and the batch's sampling noise. With alpha = 1 the step is exactly r e_t plus the DP noise,
 * the setting of the noise floor in theory.ts.
 */
import type { Rng } from "../../core/random";
import { designOf } from "./numeric-data";
import { planCollective, type SteerRegime } from "./plan";
import { ownPoint, type SteerModel } from "./prepare";
import { meanChange, roundLabel, type RunOutcome } from "./run-one";
import { addDpNoise, addExampleGradient, defaultLearningRate } from "./sgd";
import { meanGradient } from "./theory";
import { designRow } from "./member-box";

export interface ControlSettings {
  learningRate: number;
  steps: number;
  batchSize: number;
}

/** The platform's SGD settings for control: the spec's, or a stable step for the data. */
export function controlSettings(model: SteerModel, nTrain: number): ControlSettings {
  const { learner } = model.spec;
  const batchSize = Math.min(learner.batchSize, nTrain);
  return {
    // One step for every seed, from the whole population's curvature.
    learningRate: learner.learningRate ?? defaultLearningRate(model.kind, model.population),
    steps: learner.steps ?? learner.epochs * Math.ceil(nTrain / batchSize),
    batchSize,
  };
}

/** One controlled SGD run from `init`; the first m training rows are the members. */
export function runControl(
  model: SteerModel,
  train: readonly number[],
  m: number,
  init: Float64Array,
  rng: Rng,
): RunOutcome {
  const { records, layout, fb, thetaStar, kind } = model;
  const { dp } = model.spec.learner;
  const pull = model.spec.campaign.control.pull;
  const k = layout.fields.length;
  const n = train.length;
  const settings = controlSettings(model, n);
  const b = settings.batchSize;
  const d = thetaStar.length;
  const base = designOf(records, train.slice(m), layout.intercept);
  const theta = Float64Array.from(init);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const sum = new Float64Array(d);
  const regimes = new Map<SteerRegime, number>();
  const own: Float64Array[] = [];
  const sent: Float64Array[] = [];
  for (let step = 0; step < settings.steps; step++) {
    sum.fill(0);
    const members: Float64Array[] = [];
    // A batch of b distinct rows: a partial Fisher-Yates shuffle.
    for (let i = 0; i < b; i++) {
      const j = i + rng.int(n - i);
      const pick = order[j] ?? 0;
      order[j] = order[i] ?? 0;
      order[i] = pick;
      const row = train[pick] ?? 0;
      if (pick < m) members.push(ownPoint(records, row));
      else {
        const x = designRow(ownPoint(records, row), k, layout.intercept);
        addExampleGradient(kind, theta, x, records.y[row] ?? 0, 0, d, sum, dp?.clip);
      }
    }
    if (members.length > 0) {
      const others = meanGradient(fb, theta, base.x, base.y, base.n, dp?.clip);
      const alpha = m / n;
      const need = Float64Array.from(
        theta,
        (t, j) =>
          (members.length * (pull * (t - (thetaStar[j] ?? 0)) - (1 - alpha) * (others[j] ?? 0))) /
          alpha,
      );
      const plan = planCollective(fb, theta, members, need);
      regimes.set(plan.regime, (regimes.get(plan.regime) ?? 0) + 1);
      for (const p of plan.points) {
        if (kind === "logistic") p[k] = roundLabel(p[k] ?? 0, rng.next());
        addExampleGradient(
          kind,
          theta,
          designRow(p, k, layout.intercept),
          p[k] ?? 0,
          0,
          d,
          sum,
          dp?.clip,
        );
      }
      own.push(...members);
      sent.push(...plan.points);
    }
    addDpNoise(sum, dp, rng);
    for (let j = 0; j < d; j++)
      theta[j] = (theta[j] ?? 0) - (settings.learningRate * (sum[j] ?? 0)) / b;
  }
  let regime: RunOutcome["regime"] = "none";
  let most = 0;
  for (const [r, count] of regimes) if (count > most) [regime, most] = [r, count];
  return { theta, regime, meanChange: meanChange(own, sent), steps: settings.steps };
}

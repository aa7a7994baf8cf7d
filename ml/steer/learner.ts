/**
 * The platform's learners on numeric records: least squares and logistic regression, fitted
 * exactly (normal equations / Newton). Both losses have a per-example gradient of the form
 * residual(score, y) * x, which is what the steering strategies reason about:
 *   least squares  loss 0.5 (score - y)^2   residual score - y
 *   logistic       log-loss                 residual sigmoid(score) - y
 * with score = theta · x and x the design row (features, then 1 for the intercept).
 */
import { dot, rowDot, solveLinear } from "./linalg";

export type SteerLearnerKind = "least-squares" | "logistic";

/** Rows in design form: n × d row-major `x`, labels `y`. */
export interface Design {
  x: Float64Array;
  y: Float64Array;
  n: number;
  d: number;
}

export function sigmoid(s: number): number {
  return s >= 0 ? 1 / (1 + Math.exp(-s)) : Math.exp(s) / (1 + Math.exp(s));
}

/** The link from score to prediction: the identity, or the sigmoid. */
export function predictionOf(kind: SteerLearnerKind, score: number): number {
  return kind === "logistic" ? sigmoid(score) : score;
}

/** d loss / d score for one example; the loss gradient in theta is this times x. */
export function residualOf(kind: SteerLearnerKind, score: number, y: number): number {
  return predictionOf(kind, score) - y;
}

export function lossOf(kind: SteerLearnerKind, score: number, y: number): number {
  if (kind === "least-squares") return 0.5 * (score - y) ** 2;
  // log(1 + e^s) - y s, written to stay finite for large |s|.
  const softplus = score > 0 ? score + Math.log1p(Math.exp(-score)) : Math.log1p(Math.exp(score));
  return softplus - y * score;
}

/** Sum over the rows of the loss gradient at theta (length d). */
export function gradientSum(
  kind: SteerLearnerKind,
  theta: ArrayLike<number>,
  data: Design,
): Float64Array {
  const { x, y, n, d } = data;
  const g = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const r = residualOf(kind, rowDot(x, i, d, theta), y[i] ?? 0);
    for (let j = 0; j < d; j++) g[j] = (g[j] ?? 0) + r * (x[i * d + j] ?? 0);
  }
  return g;
}

/** Mean loss of the rows; for least squares reported as the mean squared error (2x the loss). */
export function meanLoss(kind: SteerLearnerKind, theta: ArrayLike<number>, data: Design): number {
  let s = 0;
  for (let i = 0; i < data.n; i++)
    s += lossOf(kind, rowDot(data.x, i, data.d, theta), data.y[i] ?? 0);
  const mean = data.n > 0 ? s / data.n : 0;
  return kind === "least-squares" ? 2 * mean : mean;
}

export interface ExactFitOptions {
  /** Coordinates held at a value (the named weights of a target); the others are fitted. */
  fixed?: readonly (number | undefined)[];
  /** Ridge penalty on the mean loss, never on the intercept (`interceptIndex`). */
  l2?: number;
  interceptIndex?: number;
}

/**
 * The minimiser of the summed loss over the free coordinates. Least squares solves the normal
 * equations; logistic runs Newton's method with backtracking (at most 100 steps: on separable
 * data without l2 the weights grow without bound and this returns the last iterate).
 */
export function fitExact(
  kind: SteerLearnerKind,
  data: Design,
  options: ExactFitOptions = {},
): Float64Array {
  const { d } = data;
  const theta = new Float64Array(d);
  const free: number[] = [];
  for (let j = 0; j < d; j++) {
    const v = options.fixed?.[j];
    if (v === undefined) free.push(j);
    else theta[j] = v;
  }
  if (free.length === 0) return theta;
  const l2 = (options.l2 ?? 0) * data.n;
  const penalised = (j: number) => (j === options.interceptIndex ? 0 : l2);
  const step = (weights: (score: number) => number) => {
    // Newton direction on the free coordinates: H_FF delta = -g_F.
    const f = free.length;
    const h = new Float64Array(f * f);
    const g = new Float64Array(f);
    for (let i = 0; i < data.n; i++) {
      const score = rowDot(data.x, i, d, theta);
      const r = residualOf(kind, score, data.y[i] ?? 0);
      const w = weights(score);
      for (let a = 0; a < f; a++) {
        const xa = data.x[i * d + (free[a] ?? 0)] ?? 0;
        g[a] = (g[a] ?? 0) + r * xa;
        for (let b = a; b < f; b++)
          h[a * f + b] = (h[a * f + b] ?? 0) + w * xa * (data.x[i * d + (free[b] ?? 0)] ?? 0);
      }
    }
    for (let a = 0; a < f; a++) {
      const j = free[a] ?? 0;
      g[a] = (g[a] ?? 0) + penalised(j) * (theta[j] ?? 0);
      h[a * f + a] = (h[a * f + a] ?? 0) + penalised(j);
      for (let b = 0; b < a; b++) h[a * f + b] = h[b * f + a] ?? 0;
    }
    const neg = g.map((v) => -v);
    let delta = solveLinear(h, neg, f);
    if (delta === null) {
      // A direction the data does not pin down (collinear fields): a tiny ridge picks the
      // smallest-norm solution instead of failing.
      let trace = 0;
      for (let a = 0; a < f; a++) trace += h[a * f + a] ?? 0;
      for (let a = 0; a < f; a++) h[a * f + a] = (h[a * f + a] ?? 0) + 1e-9 * (trace / f + 1e-12);
      delta = solveLinear(h, neg, f) ?? new Float64Array(f);
    }
    return { delta, gradNorm: Math.sqrt(dot(g, g)) };
  };
  if (kind === "least-squares") {
    const { delta } = step(() => 1);
    free.forEach((j, a) => (theta[j] = (theta[j] ?? 0) + (delta[a] ?? 0)));
    return theta;
  }
  const objective = (t: Float64Array) => {
    let s = 0;
    for (let i = 0; i < data.n; i++) s += lossOf(kind, rowDot(data.x, i, d, t), data.y[i] ?? 0);
    for (const j of free) s += 0.5 * penalised(j) * (t[j] ?? 0) ** 2;
    return s;
  };
  let current = objective(theta);
  for (let it = 0; it < 100; it++) {
    const { delta, gradNorm } = step((score) => {
      const p = sigmoid(score);
      return p * (1 - p);
    });
    if (gradNorm <= 1e-10 * Math.max(1, data.n)) break;
    let t = 1;
    let accepted = false;
    for (let back = 0; back < 30; back++) {
      const trial = Float64Array.from(theta);
      free.forEach((j, a) => (trial[j] = (trial[j] ?? 0) + t * (delta[a] ?? 0)));
      const value = objective(trial);
      if (value <= current) {
        theta.set(trial);
        accepted = current - value > 1e-15 * Math.abs(current);
        current = value;
        break;
      }
      t /= 2;
    }
    if (!accepted) break;
  }
  return theta;
}

/** Hessian of the summed loss at theta (d×d): sum of residual'(score) x x^T. */
export function lossHessian(
  kind: SteerLearnerKind,
  theta: ArrayLike<number>,
  data: Design,
): Float64Array {
  const { x, n, d } = data;
  const h = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    let w = 1;
    if (kind === "logistic") {
      const p = sigmoid(rowDot(x, i, d, theta));
      w = p * (1 - p);
    }
    for (let a = 0; a < d; a++) {
      const xa = w * (x[i * d + a] ?? 0);
      for (let b = 0; b < d; b++) h[a * d + b] = (h[a * d + b] ?? 0) + xa * (x[i * d + b] ?? 0);
    }
  }
  return h;
}

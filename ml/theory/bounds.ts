/**
 * Closed-form bounds of science.md section 2. Pure functions of plain numbers, so the app
 * can show guarantees next to simulated curves without training anything.
 */

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}

/**
 * Planting bound for a Bayes-optimal learner (science.md 2.1):
 * `S(alpha) >= 1 - ((1 - alpha) / alpha) * Delta * xi`, clamped to [0, 1].
 * At alpha = 0 there is no guarantee (0); a unique signal (Delta*xi = 0) gives 1 for alpha > 0.
 */
export function plantingBound(alpha: number, delta: number, xi: number): number {
  if (!(alpha > 0)) return 0;
  const mass = delta * xi;
  if (mass <= 0) return 1;
  return clamp01(1 - ((1 - alpha) / alpha) * mass);
}

/**
 * Gap term for an eps-suboptimal learner (reported, not verified): Delta*xi becomes
 * `((1 - eps) * Delta + 2 * eps) * xi`. Returns the effective Delta to pass to the bounds.
 */
export function suboptimalDelta(delta: number, eps: number): number {
  return (1 - eps) * delta + 2 * eps;
}

/**
 * Critical mass for a target success S_t (science.md 2.1):
 * `alpha* = Delta*xi / (1 - S_t + Delta*xi)`. A unique signal needs any alpha > 0 (returns 0).
 */
export function criticalMass(targetSuccess: number, delta: number, xi: number): number {
  const mass = delta * xi;
  if (mass <= 0) return 0;
  return mass / (1 - targetSuccess + mass);
}

/**
 * Feature-only planting: only members already labelled y* add the signal, so the effective
 * signal mass is alpha * pi*. Same bound evaluated at that effective mass.
 */
export function featureOnlyBound(alpha: number, piStar: number, delta: number, xi: number): number {
  return plantingBound(alpha * piStar, delta, xi);
}

/** Feature-only critical mass: the feature-label critical mass divided by pi* (capped at 1). */
export function featureOnlyCriticalMass(
  targetSuccess: number,
  piStar: number,
  delta: number,
  xi: number,
): number {
  if (!(piStar > 0)) return Number.POSITIVE_INFINITY;
  return criticalMass(targetSuccess, delta, xi) / piStar;
}

/**
 * Erasure bound (science.md 2.2): `S >= 1 - ((1 - alpha)/alpha) * E_x[max_y P0(y|x) - P0(y~(x)|x)]`.
 * `expectedGap` is that expectation, estimated on proxy data.
 */
export function erasureBound(alpha: number, expectedGap: number): number {
  if (!(alpha > 0)) return 0;
  if (expectedGap <= 0) return 1;
  return clamp01(1 - ((1 - alpha) / alpha) * expectedGap);
}

/** One competing component of the training mixture: its weight beta_j and gap D_j. */
export interface MixtureComponent {
  beta: number;
  gap: number;
}

/**
 * General mixture noise bound (science.md 2.5): `S >= 1 - (1/alpha) * sum_j beta_j * D_j`,
 * for the base distribution, other collectives and noisy members as components.
 */
export function mixtureBound(alpha: number, components: readonly MixtureComponent[]): number {
  if (!(alpha > 0)) return 0;
  let sum = 0;
  for (const c of components) sum += c.beta * c.gap;
  return clamp01(1 - sum / alpha);
}

/**
 * D_j for one component (science.md 2.5): `sum over x in X* of max_{y != y*} [q(x,y) - q(x,y*)]_+`.
 * `cells` lists, for each x in X*, the component's joint mass q(x, y) per label.
 */
export function mixtureGap(
  cells: readonly Readonly<Record<string, number>>[],
  target: string,
): number {
  let total = 0;
  for (const cell of cells) {
    const own = cell[target] ?? 0;
    let worst = 0;
    for (const [label, mass] of Object.entries(cell)) {
      if (label !== target) worst = Math.max(worst, mass - own);
    }
    total += worst;
  }
  return total;
}

/**
 * Effective collective size under reweighting (science.md 2.6):
 * `alpha_eff = alpha*E_P*[w] / (alpha*E_P*[w] + (1 - alpha)*E_P0[w])`.
 */
export function alphaEffective(
  alpha: number,
  meanWeightCollective: number,
  meanWeightBase: number,
): number {
  const num = alpha * meanWeightCollective;
  const den = num + (1 - alpha) * meanWeightBase;
  return den > 0 ? num / den : 0;
}

/**
 * Just-train-twice: collective points are errors of the first model (weight lambda), base
 * points are errors with rate e0. `alpha=0.01, lambda=20, e0=0.1` gives ~0.065.
 */
export function jttAlphaEffective(alpha: number, lambda: number, e0: number): number {
  return alphaEffective(alpha, lambda, 1 - e0 + lambda * e0);
}

/**
 * Gradient-control critical mass (science.md 2.3): `||g0|| / (C + ||g0||)`, g0 the base
 * gradient at the target parameter, C the largest gradient norm a member can produce.
 */
export function gradientCriticalAlpha(
  baseGradientNorm: number,
  maxMemberGradientNorm: number,
): number {
  const den = maxMemberGradientNorm + baseGradientNorm;
  return den > 0 ? baseGradientNorm / den : 0;
}

/**
 * The 1-D least-squares check of science.md 2.3: base `y = slope * x + noise`, `x ~ N(0,1)`,
 * a collective submits the point (px, py). The population minimiser of the squared loss
 * through the origin is `E[xy]/E[x^2]` under the mixture.
 */
export function leastSquaresMixture1D(
  alpha: number,
  point: { x: number; y: number },
  slope = 1,
): number {
  const exy = alpha * point.x * point.y + (1 - alpha) * slope;
  const exx = alpha * point.x * point.x + (1 - alpha);
  return exy / exx;
}

/** Parameters of the DP noise-floor formula (science.md 2.4). */
export interface NoiseFloorParams {
  /** Initial distance to the target, R0. */
  r0: number;
  /** Learning rate eta. */
  eta: number;
  /** Curvature B (r = 1 - eta * B). */
  curvature: number;
  /** Noise multiplier sigma. */
  sigma: number;
  /** Clipping norm C. */
  clip: number;
  /** Batch size b. */
  batchSize: number;
  /** Parameter dimension d. */
  dim: number;
  /** Number of steps T. */
  steps: number;
}

/**
 * Expected squared error after T noisy steps (our derivation, science.md 2.4):
 * `r^(2T) R0^2 + (eta*sigma*C/b)^2 * d * (1 - r^(2T)) / (1 - r^2)`, `r = 1 - eta*B`.
 */
export function dpNoiseFloor(p: NoiseFloorParams): number {
  const r = 1 - p.eta * p.curvature;
  const r2t = Math.pow(r, 2 * p.steps);
  const step = (p.eta * p.sigma * p.clip) / p.batchSize;
  // r = +-1 makes the geometric sum T terms of 1.
  const geometric = Math.abs(1 - r * r) < 1e-12 ? p.steps : (1 - r2t) / (1 - r * r);
  return r2t * p.r0 * p.r0 + step * step * p.dim * geometric;
}

/**
 * Recruitment arithmetic: members still needed to reach a critical mass given the
 * estimated platform population and the members already active (never negative).
 */
export function membersNeeded(alphaTarget: number, population: number, active: number): number {
  if (!Number.isFinite(alphaTarget)) return Number.POSITIVE_INFINITY;
  return Math.max(0, Math.ceil(alphaTarget * population) - active);
}

/**
 * Rényi-DP accountant for the subsampled Gaussian mechanism (Poisson sampling with
 * rate q, noise multiplier sigma), after Mironov, Talwar, Zhang 2019, "Rényi
 * Differential Privacy of the Sampled Gaussian Mechanism", Section 3.3: for integer
 * orders alpha the RDP is exactly
 *   (1/(alpha-1)) * log( sum_k C(alpha,k) (1-q)^(alpha-k) q^k exp((k^2 - k) / (2 sigma^2)) ),
 * summed in log space so large orders do not overflow. RDP composes additively over
 * steps. Conversion to (epsilon, delta) is the classic one used by TF Privacy's
 * tutorials: epsilon = min over orders of rdp(alpha) + log(1/delta)/(alpha - 1).
 * Only integer orders are used; that is a valid upper bound (each order's RDP is exact),
 * at most slightly looser than also trying fractional orders.
 */

/** Integer orders 2..256: covers the usual regimes (epsilon from ~0.1 to ~50). */
export const DEFAULT_ORDERS: readonly number[] = [
  ...Array.from({ length: 63 }, (_, i) => i + 2),
  72,
  80,
  96,
  128,
  160,
  192,
  256,
];

function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const hi = Math.max(a, b);
  return hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
}

function logBinomial(n: number, k: number): number {
  return lgammaInt(n + 1) - lgammaInt(k + 1) - lgammaInt(n - k + 1);
}

/** log((m-1)!) for positive integer m, by summing logs (orders are small). */
function lgammaInt(m: number): number {
  let s = 0;
  for (let i = 2; i < m; i++) s += Math.log(i);
  return s;
}

/** RDP of one step of the sampled Gaussian mechanism at integer order alpha >= 2. */
export function rdpSampledGaussian(q: number, sigma: number, alpha: number): number {
  if (!Number.isInteger(alpha) || alpha < 2)
    throw new Error(`order must be an integer >= 2, got ${alpha}`);
  if (q <= 0) return 0;
  if (sigma <= 0) return Infinity;
  if (q >= 1) return alpha / (2 * sigma * sigma);
  let logA = -Infinity;
  for (let k = 0; k <= alpha; k++) {
    const term =
      logBinomial(alpha, k) +
      (alpha - k) * Math.log1p(-q) +
      k * Math.log(q) +
      (k * k - k) / (2 * sigma * sigma);
    logA = logAdd(logA, term);
  }
  return logA / (alpha - 1);
}

export interface EpsilonQuery {
  /** Poisson sampling rate (expected batch size / n). */
  q: number;
  noiseMultiplier: number;
  steps: number;
  delta: number;
  /** Integer orders to try (defaults to DEFAULT_ORDERS). */
  orders?: readonly number[];
}

/**
 * Epsilon of `steps` compositions of the subsampled Gaussian mechanism at the given
 * delta (classic RDP -> (eps, delta) conversion). Returns Infinity without noise.
 */
export function computeEpsilon(query: EpsilonQuery): number {
  return computeEpsilonDetailed(query).epsilon;
}

/** Like computeEpsilon, also telling which order gave the minimum. */
export function computeEpsilonDetailed(query: EpsilonQuery): { epsilon: number; order: number } {
  const { q, noiseMultiplier, steps, delta } = query;
  if (!(delta > 0 && delta < 1)) throw new Error(`delta must be in (0, 1), got ${delta}`);
  let best = { epsilon: Infinity, order: 0 };
  for (const alpha of query.orders ?? DEFAULT_ORDERS) {
    const rdp = steps * rdpSampledGaussian(q, noiseMultiplier, alpha);
    const eps = rdp + Math.log(1 / delta) / (alpha - 1);
    if (eps < best.epsilon) best = { epsilon: eps, order: alpha };
  }
  return best;
}

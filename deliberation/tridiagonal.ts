/**
 * The two small problems Lanczos leaves: the largest eigenvalue of a symmetric tridiagonal
 * matrix T (diagonal alpha, off-diagonal beta), and its eigenvector. T has at most p rows,
 * so bisection on Sturm counts (robust, O(m) per probe) and one or two steps of inverse
 * iteration with a pivoted solve cost nothing beside one product with the data.
 */

/**
 * Largest eigenvalue of the leading m x m block of T, by bisection on Sturm counts,
 * to a few units in the last place. The returned value is the upper end of the final
 * bracket, so it never falls below the true value by more than rounding.
 */
export function largestEigenvalue(alpha: Float64Array, beta: Float64Array, m: number): number {
  if (m === 0) return 0;
  // Gershgorin discs bracket every eigenvalue.
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < m; i++) {
    const radius =
      Math.abs(i > 0 ? (beta[i - 1] ?? 0) : 0) + Math.abs(i < m - 1 ? (beta[i] ?? 0) : 0);
    lo = Math.min(lo, (alpha[i] ?? 0) - radius);
    hi = Math.max(hi, (alpha[i] ?? 0) + radius);
  }
  if (m === 1) return alpha[0] ?? 0;
  for (let it = 0; it < 200; it++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (hi - lo <= 4 * Number.EPSILON * Math.max(Math.abs(lo), Math.abs(hi))) break;
    if (countBelow(alpha, beta, m, mid) === m) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Number of eigenvalues of T below x: the negative pivots of T - xI = LDL^T (Sylvester). */
function countBelow(alpha: Float64Array, beta: Float64Array, m: number, x: number): number {
  let count = 0;
  let d = 1;
  for (let i = 0; i < m; i++) {
    const b = i > 0 ? (beta[i - 1] ?? 0) : 0;
    d = (alpha[i] ?? 0) - x - (i > 0 ? (b * b) / d : 0);
    // A zero pivot would divide by zero next; a tiny one of either sign changes the count by
    // at most an eigenvalue sitting exactly at x, which bisection does not care about.
    if (d === 0) d = -Number.MIN_VALUE * 1e10;
    if (d < 0) count++;
  }
  return count;
}

/**
 * Unit eigenvector of the leading m x m block of T for the eigenvalue `theta` (computed
 * to full precision), by inverse iteration: two solves of (T - theta I) y = x with partial
 * pivoting. The solve is nearly singular on purpose; its error lies along the wanted
 * vector, which is what inverse iteration amplifies.
 */
export function tridiagonalEigenvector(
  alpha: Float64Array,
  beta: Float64Array,
  m: number,
  theta: number,
): Float64Array {
  let x: Float64Array = new Float64Array(m);
  // A fixed, uneven start: all ones can be orthogonal to the wanted vector when T is symmetric.
  for (let i = 0; i < m; i++) x[i] = 1 + ((i * 7919) % 13) / 26;
  let spread = Math.abs(theta);
  for (let i = 0; i < m; i++)
    spread = Math.max(spread, Math.abs(alpha[i] ?? 0) + Math.abs(beta[i] ?? 0));
  const tiny = Math.max(spread, 1e-300) * Number.EPSILON;
  for (let it = 0; it < 2; it++) {
    x = solveShifted(alpha, beta, m, theta, x, tiny);
    let norm = 0;
    for (let i = 0; i < m; i++) norm += (x[i] ?? 0) * (x[i] ?? 0);
    norm = Math.sqrt(norm);
    if (!(norm > 0) || !Number.isFinite(norm)) {
      x.fill(0);
      x[0] = 1;
      return x;
    }
    for (let i = 0; i < m; i++) x[i] = (x[i] ?? 0) / norm;
  }
  // Sign rule so the result does not depend on the start: largest entry positive.
  let best = 0;
  for (let i = 1; i < m; i++) if (Math.abs(x[i] ?? 0) > Math.abs(x[best] ?? 0)) best = i;
  if ((x[best] ?? 0) < 0) for (let i = 0; i < m; i++) x[i] = -(x[i] ?? 0);
  return x;
}

/**
 * Solve (T - shift I) y = rhs by Gaussian elimination with partial pivoting. A row swap
 * brings a second superdiagonal into U, stored in u2; pivots below `tiny` are raised to it.
 */
function solveShifted(
  alpha: Float64Array,
  beta: Float64Array,
  m: number,
  shift: number,
  rhs: Float64Array,
  tiny: number,
): Float64Array {
  const u0 = new Float64Array(m);
  const u1 = new Float64Array(m);
  const u2 = new Float64Array(m);
  const y = rhs.slice();
  // The working row i holds (d, s) in columns i, i+1; the row below it is untouched T.
  let d = (alpha[0] ?? 0) - shift;
  let s = m > 1 ? (beta[0] ?? 0) : 0;
  for (let i = 0; i < m - 1; i++) {
    const sub = beta[i] ?? 0;
    const nextD = (alpha[i + 1] ?? 0) - shift;
    const nextS = i + 1 < m - 1 ? (beta[i + 1] ?? 0) : 0;
    if (Math.abs(d) >= Math.abs(sub)) {
      if (Math.abs(d) < tiny) d = tiny;
      const f = sub / d;
      u0[i] = d;
      u1[i] = s;
      y[i + 1] = (y[i + 1] ?? 0) - f * (y[i] ?? 0);
      d = nextD - f * s;
      s = nextS;
    } else {
      const f = d / sub;
      u0[i] = sub;
      u1[i] = nextD;
      u2[i] = nextS;
      const yi = y[i] ?? 0;
      y[i] = y[i + 1] ?? 0;
      y[i + 1] = yi - f * (y[i] ?? 0);
      d = s - f * nextD;
      s = -f * nextS;
    }
  }
  u0[m - 1] = Math.abs(d) < tiny ? tiny : d;
  for (let i = m - 1; i >= 0; i--) {
    const next = i + 1 < m ? (y[i + 1] ?? 0) : 0;
    const next2 = i + 2 < m ? (y[i + 2] ?? 0) : 0;
    y[i] = ((y[i] ?? 0) - (u1[i] ?? 0) * next - (u2[i] ?? 0) * next2) / (u0[i] ?? 1);
  }
  return y;
}

/**
 * Test oracles worked out independently of the engine's Lanczos: the cyclic Jacobi
 * eigenvalue method on a small dense symmetric matrix (slow, simple, accurate), and the
 * sample covariance written the plain way.
 */

/** All eigenvalues of the symmetric matrix `a` (rows of equal length), largest first. */
export function jacobiEigenvalues(a: readonly (readonly number[])[]): number[] {
  const n = a.length;
  const m = a.map((row) => row.slice());
  const at = (i: number, j: number) => m[i]?.[j] ?? 0;
  const set = (i: number, j: number, v: number) => {
    const row = m[i];
    if (row) row[j] = v;
  };
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += at(i, j) ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = at(p, q);
        if (Math.abs(apq) < 1e-300) continue;
        // Rotation angle that zeroes m[p][q] (Golub & Van Loan, symmetric Schur decomposition).
        const tau = (at(q, q) - at(p, p)) / (2 * apq);
        const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = at(k, p);
          const mkq = at(k, q);
          set(k, p, c * mkp - s * mkq);
          set(k, q, s * mkp + c * mkq);
        }
        for (let k = 0; k < n; k++) {
          const mpk = at(p, k);
          const mqk = at(q, k);
          set(p, k, c * mpk - s * mqk);
          set(q, k, s * mpk + c * mqk);
        }
      }
    }
  }
  return Array.from({ length: n }, (_, i) => at(i, i)).sort((x, y) => y - x);
}

/** Sample covariance (n - 1 denominator) of complete rows. */
export function covarianceOf(rows: readonly (readonly number[])[]): number[][] {
  const n = rows.length;
  const p = rows[0]?.length ?? 0;
  const means = Array.from({ length: p }, (_, j) => rows.reduce((s, r) => s + (r[j] ?? 0), 0) / n);
  return Array.from({ length: p }, (_, a) =>
    Array.from(
      { length: p },
      (_, b) =>
        rows.reduce(
          (s, r) => s + ((r[a] ?? 0) - (means[a] ?? 0)) * ((r[b] ?? 0) - (means[b] ?? 0)),
          0,
        ) /
        (n - 1),
    ),
  );
}

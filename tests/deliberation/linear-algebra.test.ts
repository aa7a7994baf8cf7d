import { describe, expect, it } from "vitest";
import { createRng } from "@/core/random";
import { lanczosTop } from "@/deliberation/lanczos";
import { fitPca, randomStart } from "@/deliberation/pca";
import { largestEigenvalue, tridiagonalEigenvector } from "@/deliberation/tridiagonal";
import { covarianceOf, jacobiEigenvalues } from "./reference-eigen";

// The second-difference matrix tridiag(-1, 2, -1) of size m has eigenvalues
// 2 - 2 cos(k pi / (m + 1)) and eigenvectors sin(i k pi / (m + 1)), k = 1..m.
function secondDifference(m: number) {
  return { alpha: new Float64Array(m).fill(2), beta: new Float64Array(m).fill(-1) };
}

function dense(alpha: Float64Array, beta: Float64Array, m: number): number[][] {
  return Array.from({ length: m }, (_, i) =>
    Array.from({ length: m }, (_, j) =>
      i === j ? (alpha[i] ?? 0) : Math.abs(i - j) === 1 ? (beta[Math.min(i, j)] ?? 0) : 0,
    ),
  );
}

describe("tridiagonal eigenproblems", () => {
  it("finds the largest eigenvalue of tridiag(-1, 2, -1) in closed form", () => {
    for (const m of [1, 2, 7, 60]) {
      const { alpha, beta } = secondDifference(m);
      expect(largestEigenvalue(alpha, beta, m)).toBeCloseTo(
        2 - 2 * Math.cos((m * Math.PI) / (m + 1)),
        12,
      );
    }
  });

  it("the Jacobi oracle agrees with the closed form too", () => {
    const { alpha, beta } = secondDifference(9);
    const expected = Array.from(
      { length: 9 },
      (_, k) => 2 - 2 * Math.cos(((9 - k) * Math.PI) / 10),
    );
    jacobiEigenvalues(dense(alpha, beta, 9)).forEach((value, k) =>
      expect(value).toBeCloseTo(expected[k] ?? 0, 12),
    );
  });

  it("finds the eigenvector of the largest eigenvalue, up to sign", () => {
    const m = 12;
    const { alpha, beta } = secondDifference(m);
    const s = tridiagonalEigenvector(alpha, beta, m, largestEigenvalue(alpha, beta, m));
    const exact = Array.from({ length: m }, (_, i) => Math.sin(((i + 1) * m * Math.PI) / (m + 1)));
    const norm = Math.hypot(...exact);
    const sign = Math.sign((s[0] ?? 0) * (exact[0] ?? 0));
    exact.forEach((e, i) => expect(sign * (s[i] ?? 0)).toBeCloseTo(e / norm, 9));
  });

  it("reads the spectrum of a random symmetric tridiagonal like the Jacobi oracle", () => {
    const rng = createRng(3);
    const m = 15;
    const alpha = Float64Array.from({ length: m }, () => rng.normal());
    const beta = Float64Array.from({ length: m }, () => rng.normal());
    expect(largestEigenvalue(alpha, beta, m)).toBeCloseTo(
      jacobiEigenvalues(dense(alpha, beta, m))[0] ?? 0,
      10,
    );
  });
});

describe("lanczosTop", () => {
  const p = 40;
  // diag(1..p) hidden behind a fixed rotation, so the start cannot line up with the axes.
  const rng = createRng(11);
  const basis = Array.from({ length: p }, () => Array.from({ length: p }, () => rng.normal()));
  for (let a = 0; a < p; a++) {
    const row = basis[a] ?? [];
    for (let b = 0; b < a; b++) {
      const other = basis[b] ?? [];
      const d = row.reduce((s, x, j) => s + x * (other[j] ?? 0), 0);
      row.forEach((x, j) => (row[j] = x - d * (other[j] ?? 0)));
    }
    const norm = Math.hypot(...row);
    row.forEach((x, j) => (row[j] = x / norm));
  }
  // A = sum_k (k + 1) u_k u_k', eigenvalue k + 1 on basis vector u_k.
  const apply = (x: Float64Array, out: Float64Array) => {
    out.fill(0);
    basis.forEach((u, k) => {
      const c = (k + 1) * u.reduce((s, v, j) => s + v * (x[j] ?? 0), 0);
      u.forEach((v, j) => (out[j] = (out[j] ?? 0) + c * v));
    });
  };

  it("finds the largest eigenpair, and the next one when deflated by it", () => {
    const top = lanczosTop(apply, p, { start: randomStart(p, 1), wantVector: true });
    expect(top.value).toBeCloseTo(p, 9);
    const u = basis[p - 1] ?? [];
    const along = u.reduce((s, v, j) => s + v * (top.vector?.[j] ?? 0), 0);
    expect(Math.abs(along)).toBeCloseTo(1, 9);
    const next = lanczosTop(apply, p, {
      start: randomStart(p, 2),
      previous: [top.vector ?? new Float64Array(p)],
      wantVector: true,
    });
    expect(next.value).toBeCloseTo(p - 1, 8);
  });

  it("only rises towards the eigenvalue, so a caller can stop on a lower bound", () => {
    const seen: number[] = [];
    const run = lanczosTop(apply, p, {
      start: randomStart(p, 5),
      shouldStop: (value) => {
        seen.push(value);
        return seen.length === 6;
      },
    });
    expect(run.steps).toBe(6);
    for (let i = 1; i < seen.length; i++)
      expect(seen[i]).toBeGreaterThanOrEqual((seen[i - 1] ?? 0) - 1e-12);
    expect(run.value).toBeLessThanOrEqual(p + 1e-9);
  });

  it("returns eigenvalue 0 for the zero operator", () => {
    const run = lanczosTop((_, out) => out.fill(0), 5, {
      start: randomStart(5, 1),
      wantVector: true,
    });
    expect(run.value).toBe(0);
    expect(run.isExhausted).toBe(true);
    expect(Math.hypot(...(run.vector ?? []))).toBeCloseTo(1, 12);
  });
});

describe("fitPca", () => {
  it("matches the closed-form eigenvalues of a 2 x 2 covariance", () => {
    const rng = createRng(4);
    const rows = Array.from({ length: 50 }, () => {
      const a = rng.normal();
      return [2 * a + rng.normal(), a - 0.5 * rng.normal()];
    });
    const [[c11 = 0, c12 = 0] = [], [, c22 = 0] = []] = covarianceOf(rows);
    const mid = (c11 + c22) / 2;
    const radius = Math.hypot((c11 - c22) / 2, c12);
    const pca = fitPca(rows, 2);
    expect(pca.eigenvalues[0]).toBeCloseTo(mid + radius, 10);
    expect(pca.eigenvalues[1]).toBeCloseTo(mid - radius, 10);
    expect(pca.totalVariance).toBeCloseTo(c11 + c22, 10);
  });

  it("finds both axes of a repeated eigenvalue (three symmetric camps)", () => {
    // Three camps at the corners of an equilateral triangle in 3 statements: the top two
    // covariance eigenvalues are equal, and one Krylov space would hold only one of them.
    const camps = [
      [1, -1, -1],
      [-1, 1, -1],
      [-1, -1, 1],
    ];
    const rows = camps.flatMap((c) => Array.from({ length: 10 }, () => c));
    const exact = jacobiEigenvalues(covarianceOf(rows));
    const pca = fitPca(rows, 2);
    expect(exact[0]).toBeCloseTo(exact[1] ?? 0, 12);
    expect(pca.eigenvalues[0]).toBeCloseTo(exact[0] ?? 0, 10);
    expect(pca.eigenvalues[1]).toBeCloseTo(exact[1] ?? 0, 10);
    const [c1 = [], c2 = []] = pca.components;
    expect(c1.reduce((s, x, j) => s + x * (c2[j] ?? 0), 0)).toBeCloseTo(0, 10);
    expect((pca.explainedVarianceRatio[0] ?? 0) + (pca.explainedVarianceRatio[1] ?? 0)).toBeCloseTo(
      1,
      10,
    );
  });

  it("matches the Jacobi oracle on a 60 x 25 matrix", () => {
    const rng = createRng(8);
    const rows = Array.from({ length: 60 }, () => {
      const f = rng.normal();
      return Array.from({ length: 25 }, (_, j) => (j < 10 ? f : 0) + rng.normal());
    });
    const exact = jacobiEigenvalues(covarianceOf(rows));
    const pca = fitPca(rows, 2);
    expect(pca.eigenvalues[0]).toBeCloseTo(exact[0] ?? 0, 9);
    expect(pca.eigenvalues[1]).toBeCloseTo(exact[1] ?? 0, 9);
  });
});

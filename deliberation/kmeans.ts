/**
 * k-means (k-means++ seeding, several restarts, best inertia) and the silhouette score,
 * over small sets of low-dimensional points. Seeded, so the same input gives the same groups.
 */
import { createRng, type Rng } from "../core/random";

/** A clustering of points into k groups. */
export interface KMeans {
  k: number;
  /** Cluster index per point, 0..k-1. */
  labels: number[];
  centroids: number[][];
  /** Sum of squared distances from each point to its centroid. */
  inertia: number;
}

/** Options for {@link runKMeans}. */
export interface KMeansOptions {
  seed?: number;
  restarts?: number;
  maxIterations?: number;
}

/**
 * Cluster `points` into `k` groups. Runs `restarts` seeded k-means++ starts and keeps the
 * lowest inertia; Lloyd iterations stop when no label changes. Requires 1 <= k <= points.
 */
export function runKMeans(
  points: readonly (readonly number[])[],
  k: number,
  options: KMeansOptions = {},
): KMeans {
  const restarts = Math.max(1, options.restarts ?? 8);
  const maxIterations = options.maxIterations ?? 100;
  let best: KMeans | null = null;
  for (let r = 0; r < restarts; r++) {
    const rng = createRng(((options.seed ?? 0) * 1009 + r * 7919 + k) >>> 0);
    const run = lloyd(points, seedPlusPlus(points, k, rng), maxIterations);
    // Strictly smaller, so ties keep the earliest restart and the result is reproducible.
    if (best === null || run.inertia < best.inertia - 1e-12) best = run;
  }
  return best ?? { k, labels: [], centroids: [], inertia: 0 };
}

/**
 * Mean silhouette over points: (b - a) / max(a, b) with a = mean distance to the own
 * cluster, b = mean distance to the nearest other cluster; points alone in their cluster
 * score 0. Above `sampleSize` points only an evenly spaced sample is scored (against all
 * points), keeping the cost linear in n for big sessions.
 */
export function silhouetteScore(
  points: readonly (readonly number[])[],
  labels: readonly number[],
  k: number,
  sampleSize = 1000,
): number {
  const n = points.length;
  if (k < 2 || n < 3) return 0;
  const sizes = new Array<number>(k).fill(0);
  for (const l of labels) sizes[l] = (sizes[l] ?? 0) + 1;
  const step = n > sampleSize ? n / sampleSize : 1;
  let total = 0;
  let scored = 0;
  for (let t = 0; Math.floor(t) < n; t += step) {
    const i = Math.floor(t);
    const own = labels[i] ?? 0;
    scored++;
    if ((sizes[own] ?? 0) <= 1) continue;
    const sums = new Array<number>(k).fill(0);
    const pi = points[i] ?? [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const l = labels[j] ?? 0;
      sums[l] = (sums[l] ?? 0) + Math.sqrt(squaredDistance(pi, points[j] ?? []));
    }
    const a = (sums[own] ?? 0) / ((sizes[own] ?? 1) - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c === own || (sizes[c] ?? 0) === 0) continue;
      b = Math.min(b, (sums[c] ?? 0) / (sizes[c] ?? 1));
    }
    if (!Number.isFinite(b)) continue;
    const denom = Math.max(a, b);
    total += denom > 0 ? (b - a) / denom : 0;
  }
  return scored > 0 ? total / scored : 0;
}

/** Squared Euclidean distance. */
export function squaredDistance(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let d = 0; d < a.length; d++) {
    const diff = (a[d] ?? 0) - (b[d] ?? 0);
    s += diff * diff;
  }
  return s;
}

function seedPlusPlus(points: readonly (readonly number[])[], k: number, rng: Rng): number[][] {
  const n = points.length;
  const first = points[Math.min(n - 1, Math.floor(rng.next() * n))] ?? [];
  const centroids: number[][] = [first.slice()];
  const nearest = points.map((p) => squaredDistance(p, first));
  while (centroids.length < k) {
    const total = nearest.reduce((s, d) => s + d, 0);
    let index = n - 1;
    if (total > 0) {
      // Sample proportionally to squared distance from the nearest chosen centre.
      let target = rng.next() * total;
      for (let i = 0; i < n; i++) {
        target -= nearest[i] ?? 0;
        if (target < 0) {
          index = i;
          break;
        }
      }
    } else {
      // Fewer distinct points than k: any point will do; the cluster stays empty or duplicated.
      index = Math.min(n - 1, Math.floor(rng.next() * n));
    }
    const chosen = (points[index] ?? []).slice();
    centroids.push(chosen);
    for (let i = 0; i < n; i++)
      nearest[i] = Math.min(nearest[i] ?? 0, squaredDistance(points[i] ?? [], chosen));
  }
  return centroids;
}

function lloyd(
  points: readonly (readonly number[])[],
  start: number[][],
  maxIterations: number,
): KMeans {
  const k = start.length;
  const dims = points[0]?.length ?? 0;
  let centroids = start;
  let labels = new Array<number>(points.length).fill(-1);
  for (let it = 0; it < maxIterations; it++) {
    let changed = false;
    const next = points.map((p, i) => {
      const l = nearestCentroid(p, centroids);
      if (l !== labels[i]) changed = true;
      return l;
    });
    labels = next;
    if (!changed && it > 0) break;
    const sums: number[][] = Array.from({ length: k }, () => new Array<number>(dims).fill(0));
    const counts = new Array<number>(k).fill(0);
    points.forEach((p, i) => {
      const l = labels[i] ?? 0;
      counts[l] = (counts[l] ?? 0) + 1;
      const s = sums[l];
      if (s) for (let d = 0; d < dims; d++) s[d] = (s[d] ?? 0) + (p[d] ?? 0);
    });
    // An emptied cluster keeps its old centre rather than jumping somewhere arbitrary,
    // so runs stay deterministic; callers reject clusterings with tiny groups anyway.
    centroids = centroids.map((old, c) => {
      const count = counts[c] ?? 0;
      return count > 0 ? (sums[c] ?? old).map((s) => s / count) : old;
    });
  }
  let inertia = 0;
  points.forEach((p, i) => (inertia += squaredDistance(p, centroids[labels[i] ?? 0] ?? [])));
  return { k, labels, centroids, inertia };
}

function nearestCentroid(p: readonly number[], centroids: readonly (readonly number[])[]): number {
  let best = 0;
  let bestDistance = Infinity;
  centroids.forEach((c, i) => {
    const d = squaredDistance(p, c);
    if (d < bestDistance) {
      bestDistance = d;
      best = i;
    }
  });
  return best;
}

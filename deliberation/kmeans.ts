/**
 * k-means (k-means++ seeding, several restarts, best inertia) and the silhouette score,
 * over small sets of low-dimensional points. Seeded, so the same input gives the same groups.
 * Points are copied once into one flat Float64Array: the opinion map runs 4 values of k x 8
 * restarts and 4 silhouettes over the same 2,000 points, and arrays of arrays cost a pointer
 * chase per coordinate. The arithmetic is done in the same order as over arrays of arrays.
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

/** Points flattened: coordinate d of point i at data[i * dims + d]. */
interface Flat {
  data: Float64Array;
  n: number;
  dims: number;
}

function flatten(points: readonly (readonly number[])[]): Flat {
  const n = points.length;
  const dims = points[0]?.length ?? 0;
  const data = new Float64Array(n * dims);
  points.forEach((p, i) => {
    for (let d = 0; d < dims; d++) data[i * dims + d] = p[d] ?? 0;
  });
  return { data, n, dims };
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
  const flat = flatten(points);
  let best: Run | null = null;
  for (let r = 0; r < restarts; r++) {
    const rng = createRng(((options.seed ?? 0) * 1009 + r * 7919 + k) >>> 0);
    const run = lloyd(flat, seedPlusPlus(flat, k, rng), k, maxIterations);
    // Strictly smaller, so ties keep the earliest restart and the result is reproducible.
    if (best === null || run.inertia < best.inertia - 1e-12) best = run;
  }
  if (best === null) return { k, labels: [], centroids: [], inertia: 0 };
  const { dims } = flat;
  const centroids = Array.from({ length: k }, (_, c) =>
    Array.from(best.centroids.subarray(c * dims, (c + 1) * dims)),
  );
  return { k, labels: Array.from(best.labels), centroids, inertia: best.inertia };
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
  const { data, n, dims } = flatten(points);
  if (k < 2 || n < 3) return 0;
  const label = Int32Array.from(labels);
  const sizes = new Float64Array(k);
  for (let i = 0; i < n; i++) sizes[label[i] ?? 0] = (sizes[label[i] ?? 0] ?? 0) + 1;
  const step = n > sampleSize ? n / sampleSize : 1;
  const sums = new Float64Array(k);
  let total = 0;
  let scored = 0;
  for (let t = 0; Math.floor(t) < n; t += step) {
    const i = Math.floor(t);
    const own = label[i] ?? 0;
    scored++;
    if ((sizes[own] ?? 0) <= 1) continue;
    sums.fill(0);
    if (dims === 2) {
      // The opinion map's case, written out: 8 million distances at 2,000 points and 4 k.
      // (0 + dx^2) + dy^2 is the general loop's arithmetic, so the scores are identical.
      const xi = data[2 * i] ?? 0;
      const yi = data[2 * i + 1] ?? 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const dx = xi - (data[2 * j] ?? 0);
        const dy = yi - (data[2 * j + 1] ?? 0);
        const l = label[j] ?? 0;
        sums[l] = (sums[l] ?? 0) + Math.sqrt(dx * dx + dy * dy);
      }
    } else {
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const l = label[j] ?? 0;
        sums[l] = (sums[l] ?? 0) + Math.sqrt(distance(data, i * dims, data, j * dims, dims));
      }
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

/** Squared distance between the points of `x` at `i` and of `y` at `j` (offsets). */
function distance(x: Float64Array, i: number, y: Float64Array, j: number, dims: number): number {
  let s = 0;
  for (let d = 0; d < dims; d++) {
    const diff = (x[i + d] ?? 0) - (y[j + d] ?? 0);
    s += diff * diff;
  }
  return s;
}

interface Run {
  labels: Int32Array;
  centroids: Float64Array;
  inertia: number;
}

function seedPlusPlus({ data, n, dims }: Flat, k: number, rng: Rng): Float64Array {
  const centroids = new Float64Array(k * dims);
  const first = Math.min(n - 1, Math.floor(rng.next() * n));
  centroids.set(data.subarray(first * dims, (first + 1) * dims), 0);
  const nearest = new Float64Array(n);
  for (let i = 0; i < n; i++) nearest[i] = distance(data, i * dims, centroids, 0, dims);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) total += nearest[i] ?? 0;
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
    centroids.set(data.subarray(index * dims, (index + 1) * dims), c * dims);
    for (let i = 0; i < n; i++)
      nearest[i] = Math.min(nearest[i] ?? 0, distance(data, i * dims, centroids, c * dims, dims));
  }
  return centroids;
}

function lloyd(
  { data, n, dims }: Flat,
  start: Float64Array,
  k: number,
  maxIterations: number,
): Run {
  let centroids = start;
  const labels = new Int32Array(n).fill(-1);
  const counts = new Float64Array(k);
  for (let it = 0; it < maxIterations; it++) {
    let changed = false;
    for (let i = 0; i < n; i++) {
      const l = nearestCentroid(data, i * dims, centroids, k, dims);
      if (l !== labels[i]) changed = true;
      labels[i] = l;
    }
    if (!changed && it > 0) break;
    const sums = new Float64Array(k * dims);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const l = labels[i] ?? 0;
      counts[l] = (counts[l] ?? 0) + 1;
      for (let d = 0; d < dims; d++)
        sums[l * dims + d] = (sums[l * dims + d] ?? 0) + (data[i * dims + d] ?? 0);
    }
    // An emptied cluster keeps its old centre rather than jumping somewhere arbitrary,
    // so runs stay deterministic; callers reject clusterings with tiny groups anyway.
    const next = new Float64Array(k * dims);
    for (let c = 0; c < k; c++) {
      const count = counts[c] ?? 0;
      for (let d = 0; d < dims; d++) {
        const at = c * dims + d;
        next[at] = count > 0 ? (sums[at] ?? 0) / count : (centroids[at] ?? 0);
      }
    }
    centroids = next;
  }
  let inertia = 0;
  for (let i = 0; i < n; i++)
    inertia += distance(data, i * dims, centroids, (labels[i] ?? 0) * dims, dims);
  return { labels, centroids, inertia };
}

function nearestCentroid(
  data: Float64Array,
  at: number,
  centroids: Float64Array,
  k: number,
  dims: number,
): number {
  let best = 0;
  let bestDistance = Infinity;
  for (let c = 0; c < k; c++) {
    const d = distance(data, at, centroids, c * dims, dims);
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best;
}

/**
 * Item-to-item next-item model (windowed co-occurrence, item kNN): the simplest thing a
 * platform runs for playlist continuation. From training sequences it counts, for every
 * item a, the items b that FOLLOW a within `window` positions (weight 1/distance, so the
 * immediate successor counts most), and normalises by a's occurrences:
 *   T(a -> b) = sum over occurrences of a of [b at distance d <= window] / d, divided by count(a),
 * an empirical transition rate. A seed s_1..s_n scores a candidate c by
 *   score(c) = sum_j decay^(n - j) * T(s_j -> c),
 * so the seed's last items weigh most. Only forward pairs inside the window count (not the
 * whole sequence): the order members insert at matters, as it does for sequential models.
 * Seeds whose items have few successors are filled up with the most popular items, as
 * deployed recommenders fall back to popularity.
 */
import { itemCounts } from "./sequence-set";
import { popularityOrder, tieOrder, TopK, type SequenceModel, type TrainingData } from "./top-k";

export interface CooccurrenceOptions {
  /** Successors within this many positions count; default 2. */
  window?: number;
  /** Weight of each earlier seed item relative to the next one; default 0.8. */
  decay?: number;
}

export interface CooccurrenceJson {
  kind: "cooccurrence";
  nItems: number;
  decay: number;
  counts: number[];
  rowStart: number[];
  cols: number[];
  vals: number[];
}

export class CooccurrenceModel implements SequenceModel {
  readonly kind = "cooccurrence";
  private readonly popular: Int32Array;
  private readonly scores: Float64Array;
  private readonly touched: Int32Array;
  private readonly inSeed: Uint8Array;
  private readonly ties: Uint32Array;
  private readonly isTouched: Uint8Array;

  constructor(
    readonly nItems: number,
    readonly decay: number,
    /** Training occurrences per item. */
    readonly counts: Int32Array,
    /** Successors of item a: cols/vals[rowStart[a]..rowStart[a + 1]). */
    readonly rowStart: Int32Array,
    readonly cols: Int32Array,
    readonly vals: Float32Array,
  ) {
    this.popular = popularityOrder(counts);
    this.scores = new Float64Array(nItems);
    this.touched = new Int32Array(nItems);
    this.inSeed = new Uint8Array(nItems);
    this.ties = tieOrder(nItems);
    this.isTouched = new Uint8Array(nItems);
  }

  /** T(a -> b), for tests and explanations. */
  transition(a: number, b: number): number {
    for (let p = this.rowStart[a] ?? 0; p < (this.rowStart[a + 1] ?? 0); p++)
      if (this.cols[p] === b) return this.vals[p] ?? 0;
    return 0;
  }

  recommend(seed: ArrayLike<number>, k: number): Int32Array {
    const { scores, touched, isTouched, inSeed, rowStart, cols, vals } = this;
    let nTouched = 0;
    for (let j = 0; j < seed.length; j++) inSeed[seed[j] ?? 0] = 1;
    let w = 1;
    for (let j = seed.length - 1; j >= 0; j--, w *= this.decay) {
      const a = seed[j] ?? 0;
      if (a >= this.nItems) continue;
      for (let p = rowStart[a] ?? 0; p < (rowStart[a + 1] ?? 0); p++) {
        const b = cols[p] ?? 0;
        if (isTouched[b] === 0) {
          isTouched[b] = 1;
          touched[nTouched++] = b;
        }
        scores[b] = (scores[b] ?? 0) + w * (vals[p] ?? 0);
      }
    }
    const top = new TopK(k, this.ties);
    for (let t = 0; t < nTouched; t++) {
      const b = touched[t] ?? 0;
      if (inSeed[b] === 0) top.push(b, scores[b] ?? 0);
      scores[b] = 0;
      isTouched[b] = 0;
    }
    const picked = top.result();
    let out = picked;
    if (picked.length < k) {
      // Popularity fallback for the remaining slots, after every scored item.
      const extra: number[] = [];
      const taken = new Set(picked);
      for (let q = 0; q < this.popular.length && picked.length + extra.length < k; q++) {
        const b = this.popular[q] ?? 0;
        if (inSeed[b] === 0 && !taken.has(b)) extra.push(b);
      }
      out = Int32Array.from([...picked, ...extra]);
    }
    for (let j = 0; j < seed.length; j++) inSeed[seed[j] ?? 0] = 0;
    return out;
  }

  toJSON(): CooccurrenceJson {
    return {
      kind: "cooccurrence",
      nItems: this.nItems,
      decay: this.decay,
      counts: Array.from(this.counts),
      rowStart: Array.from(this.rowStart),
      cols: Array.from(this.cols),
      vals: Array.from(this.vals),
    };
  }

  static fromJSON(json: CooccurrenceJson): CooccurrenceModel {
    return new CooccurrenceModel(
      json.nItems,
      json.decay,
      Int32Array.from(json.counts),
      Int32Array.from(json.rowStart),
      Int32Array.from(json.cols),
      Float32Array.from(json.vals),
    );
  }
}

/**
 * Count successor pairs in two passes over the entries (sizes, then fill), then merge each
 * item's duplicates with a dense accumulator: O(entries * window), no sort, no hash map.
 */
export function trainCooccurrence(
  data: TrainingData,
  opts: CooccurrenceOptions = {},
): CooccurrenceModel {
  const window = Math.max(1, Math.floor(opts.window ?? 2));
  const decay = opts.decay ?? 0.8;
  const { nItems, offsets, entries } = data;
  const counts = itemCounts(data, nItems);
  const nSeq = offsets.length - 1;
  // Pass 1: how many successor pairs each item has (with duplicates).
  const rawStart = new Int32Array(nItems + 1);
  for (let s = 0; s < nSeq; s++) {
    const end = offsets[s + 1] ?? 0;
    for (let p = offsets[s] ?? 0; p < end; p++) {
      const a = entries[p] ?? 0;
      rawStart[a + 1] = (rawStart[a + 1] ?? 0) + Math.min(window, end - p - 1);
    }
  }
  for (let a = 0; a < nItems; a++) rawStart[a + 1] = (rawStart[a + 1] ?? 0) + (rawStart[a] ?? 0);
  // Pass 2: fill successors and their 1/distance weights.
  const rawCols = new Int32Array(rawStart[nItems] ?? 0);
  const rawVals = new Float32Array(rawCols.length);
  const fill = rawStart.slice(0, nItems);
  for (let s = 0; s < nSeq; s++) {
    const end = offsets[s + 1] ?? 0;
    for (let p = offsets[s] ?? 0; p < end; p++) {
      const a = entries[p] ?? 0;
      for (let d = 1; d <= window && p + d < end; d++) {
        const at = fill[a] ?? 0;
        rawCols[at] = entries[p + d] ?? 0;
        rawVals[at] = 1 / d;
        fill[a] = at + 1;
      }
    }
  }
  // Merge duplicates per item and normalise by the item's count.
  const acc = new Float64Array(nItems);
  const rowStart = new Int32Array(nItems + 1);
  const cols = new Int32Array(rawCols.length);
  const vals = new Float32Array(rawCols.length);
  let n = 0;
  for (let a = 0; a < nItems; a++) {
    const from = n;
    for (let p = rawStart[a] ?? 0; p < (rawStart[a + 1] ?? 0); p++) {
      const b = rawCols[p] ?? 0;
      if (acc[b] === 0) cols[n++] = b;
      acc[b] = (acc[b] ?? 0) + (rawVals[p] ?? 0);
    }
    const c = counts[a] ?? 1;
    for (let q = from; q < n; q++) {
      const b = cols[q] ?? 0;
      vals[q] = (acc[b] ?? 0) / c;
      acc[b] = 0;
    }
    rowStart[a + 1] = n;
  }
  return new CooccurrenceModel(nItems, decay, counts, rowStart, cols.slice(0, n), vals.slice(0, n));
}

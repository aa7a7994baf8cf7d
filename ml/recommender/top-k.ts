/**
 * The interface both shadow recommenders share, and top-K selection. Scores live in dense
 * scratch arrays owned by the model (one allocation per model, not per query); selection
 * keeps a size-K min-heap, so a query costs O(candidates * log K), never a full sort.
 */

/** Training sequences in CSR form over item indices `0..nItems-1`. */
export interface TrainingData {
  nItems: number;
  offsets: Int32Array;
  entries: Int32Array;
}

export interface SequenceModel {
  readonly kind: "cooccurrence" | "item2vec";
  readonly nItems: number;
  /**
   * The top `k` items to continue `seed` (item indices, best first), never an item of the
   * seed. Ties go to the lower item index, so results are deterministic.
   */
  recommend(seed: ArrayLike<number>, k: number): Int32Array;
  /** Plain JSON (numbers and arrays) that `loadSequenceModel` turns back into the model. */
  toJSON(): unknown;
}

/**
 * A fixed pseudo-random rank per item for breaking score ties (murmur3's finaliser of the
 * index): deterministic, and unrelated to when an item entered the catalogue.
 */
export function tieOrder(nItems: number): Uint32Array {
  return Uint32Array.from({ length: nItems }, (_, i) => {
    let z = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  });
}

/**
 * Keeps the best `k` (score, item) pairs seen; `result()` returns the items best first.
 * Ties go to the item with the smaller `ties` rank (then the lower index).
 */
export class TopK {
  private readonly items: Int32Array;
  private readonly scores: Float64Array;
  private size = 0;

  constructor(
    readonly k: number,
    private readonly ties?: Uint32Array,
  ) {
    this.items = new Int32Array(Math.max(1, k));
    this.scores = new Float64Array(Math.max(1, k));
  }

  /** True when (score a, item i) ranks above (score b, item j). */
  private above(a: number, i: number, b: number, j: number): boolean {
    if (a !== b) return a > b;
    const ti = this.ties?.[i] ?? 0;
    const tj = this.ties?.[j] ?? 0;
    return ti !== tj ? ti < tj : i < j;
  }

  get count(): number {
    return this.size;
  }

  /** The worst kept score (the heap root), -Infinity while fewer than k are kept. */
  get threshold(): number {
    return this.size < this.k ? Number.NEGATIVE_INFINITY : (this.scores[0] ?? 0);
  }

  push(item: number, score: number): void {
    const { items, scores } = this;
    if (this.size < this.k) {
      // Sift up: the root holds the worst kept pair.
      let c = this.size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!this.above(scores[p] ?? 0, items[p] ?? 0, score, item)) break;
        scores[c] = scores[p] ?? 0;
        items[c] = items[p] ?? 0;
        c = p;
      }
      scores[c] = score;
      items[c] = item;
      return;
    }
    if (this.k === 0 || !this.above(score, item, scores[0] ?? 0, items[0] ?? 0)) return;
    // Replace the root and sift down.
    let c = 0;
    for (;;) {
      const l = 2 * c + 1;
      if (l >= this.size) break;
      const r = l + 1;
      let worst = l;
      if (r < this.size && this.above(scores[l] ?? 0, items[l] ?? 0, scores[r] ?? 0, items[r] ?? 0))
        worst = r;
      if (!this.above(score, item, scores[worst] ?? 0, items[worst] ?? 0)) break;
      scores[c] = scores[worst] ?? 0;
      items[c] = items[worst] ?? 0;
      c = worst;
    }
    scores[c] = score;
    items[c] = item;
  }

  /** Kept items, best first. */
  result(): Int32Array {
    const order = Array.from({ length: this.size }, (_, i) => i).sort((a, b) =>
      this.above(this.scores[a] ?? 0, this.items[a] ?? 0, this.scores[b] ?? 0, this.items[b] ?? 0)
        ? -1
        : 1,
    );
    return Int32Array.from(order, (i) => this.items[i] ?? 0);
  }
}

/** Items by training count, most frequent first (ties: lower index): the popularity fallback. */
export function popularityOrder(counts: Int32Array): Int32Array {
  const order = Array.from({ length: counts.length }, (_, i) => i)
    .filter((i) => (counts[i] ?? 0) > 0)
    .sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || a - b);
  return Int32Array.from(order);
}

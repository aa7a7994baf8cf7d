/**
 * Sequences (playlists, watch lists, baskets) held compactly: item ids are interned to
 * indices once, and every sequence is a slice of one Int32Array (CSR layout), so a 50,000-
 * playlist sample is a few megabytes and models read it without allocating per sequence.
 */

export interface SequenceSet {
  /** Sequence ids, in order of first appearance. */
  ids: string[];
  /** Item id of each item index. */
  items: string[];
  /** Sequence s holds item indices `entries[offsets[s]..offsets[s + 1])`, in order. */
  offsets: Int32Array;
  entries: Int32Array;
  /** Optional item metadata (e.g. title, artist): column name -> value per item index. */
  meta: Record<string, string[]>;
}

/** Collects sequences entry by entry (any order of sequences), then packs them. */
export class SequenceSetBuilder {
  private readonly itemIndex = new Map<string, number>();
  private readonly sequenceIndex = new Map<string, number>();
  private readonly items: string[] = [];
  private readonly ids: string[] = [];
  private readonly lists: number[][] = [];
  private readonly meta: Record<string, string[]>;

  constructor(private readonly metaColumns: readonly string[] = []) {
    this.meta = Object.fromEntries(metaColumns.map((c) => [c, []]));
  }

  /** Intern an item id; metadata is kept from the first entry that names it non-empty. */
  item(id: string, meta?: Readonly<Record<string, string>>): number {
    let i = this.itemIndex.get(id);
    if (i === undefined) {
      i = this.items.length;
      this.itemIndex.set(id, i);
      this.items.push(id);
      for (const c of this.metaColumns) (this.meta[c] ?? []).push("");
    }
    if (meta !== undefined) {
      for (const c of this.metaColumns) {
        const values = this.meta[c];
        const v = meta[c];
        if (values !== undefined && v !== undefined && v !== "" && values[i] === "") values[i] = v;
      }
    }
    return i;
  }

  /** A sequence's index, created (empty) on first use: a member may own an empty playlist. */
  sequence(sequenceId: string): number {
    let s = this.sequenceIndex.get(sequenceId);
    if (s === undefined) {
      s = this.ids.length;
      this.sequenceIndex.set(sequenceId, s);
      this.ids.push(sequenceId);
      this.lists.push([]);
    }
    return s;
  }

  /** Append one entry to a sequence (created on first use). */
  push(sequenceId: string, itemId: string, meta?: Readonly<Record<string, string>>): void {
    this.lists[this.sequence(sequenceId)]?.push(this.item(itemId, meta));
  }

  get sequenceCount(): number {
    return this.ids.length;
  }

  build(): SequenceSet {
    const offsets = new Int32Array(this.lists.length + 1);
    let total = 0;
    this.lists.forEach((l, s) => {
      total += l.length;
      offsets[s + 1] = total;
    });
    const entries = new Int32Array(total);
    this.lists.forEach((l, s) => entries.set(l, offsets[s] ?? 0));
    return { ids: this.ids, items: this.items, offsets, entries, meta: this.meta };
  }
}

/** A set from plain lists of item ids (tests, imports, small uploads). */
export function sequenceSetFromLists(
  sequences: readonly { id: string; items: readonly string[] }[],
): SequenceSet {
  const b = new SequenceSetBuilder();
  for (const s of sequences) {
    b.sequence(s.id);
    for (const item of s.items) b.push(s.id, item);
  }
  return b.build();
}

/** Item indices of sequence s (a view, not a copy). */
export function sequenceItems(
  set: Pick<SequenceSet, "offsets" | "entries">,
  s: number,
): Int32Array {
  return set.entries.subarray(set.offsets[s] ?? 0, set.offsets[s + 1] ?? 0);
}

/** Item ids of sequence s. */
export function sequenceItemIds(set: SequenceSet, s: number): string[] {
  return Array.from(sequenceItems(set, s), (i) => set.items[i] ?? "");
}

/** Occurrences of each item over the given sequences (all when omitted). */
export function itemCounts(
  set: Pick<SequenceSet, "offsets" | "entries">,
  nItems: number,
  sequences?: ArrayLike<number>,
): Int32Array {
  const counts = new Int32Array(nItems);
  if (sequences === undefined) {
    for (const i of set.entries) counts[i] = (counts[i] ?? 0) + 1;
    return counts;
  }
  for (let k = 0; k < sequences.length; k++) {
    for (const i of sequenceItems(set, sequences[k] ?? 0)) counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}

/** Length statistics, for sample descriptions and sanity checks. */
export function describeSequences(set: SequenceSet): {
  sequences: number;
  items: number;
  entries: number;
  medianLength: number;
} {
  const lengths = Array.from({ length: set.ids.length }, (_, s) => {
    return (set.offsets[s + 1] ?? 0) - (set.offsets[s] ?? 0);
  }).sort((a, b) => a - b);
  return {
    sequences: set.ids.length,
    items: set.items.length,
    entries: set.entries.length,
    medianLength: lengths[Math.floor(lengths.length / 2)] ?? 0,
  };
}

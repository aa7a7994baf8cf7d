/**
 * What a promote campaign fixes once, at design, so every member's instruction can be
 * recomputed identically later (to verify their edit) without reading the sample again:
 *
 * - `popularity`: each item's count over the campaign's sequence sample, dirlof's popularity
 *   proxy (science.md 2.8). Stored as one "id<TAB>count" line per item rather than a JSON
 *   object: a 10,000-playlist sample holds ~15,000 items, and one string is cheap to store
 *   and is parsed only when an instruction is computed (then cached by the caller).
 * - `target`: the promoted item's id and what people see (title, artist).
 * - `sample`: the built-in sample's size and seed (null for an uploaded CSV).
 *
 * `inclust` asks for counts within the collective's own sequences. Members' sequences are
 * sealed one by one and never pooled, so the instruction uses the sample's counts in their
 * place: for a collective drawn like the sample, its most frequent items are the sample's.
 */
import { z } from "zod";
import { countItemIds } from "./instruction";
import { sequenceItemIds, type SequenceSet } from "./sequence-set";

export const promoteTargetSchema = z.object({
  id: z.string(),
  title: z.string(),
  artist: z.string(),
});

export const recommenderContextSchema = z.object({
  version: z.literal(1),
  target: promoteTargetSchema,
  sample: z.object({ sequences: z.number().int(), seed: z.number().int() }).nullable(),
  /** Sequences and distinct items of the sample (for the designer's summary). */
  nSequences: z.number().int(),
  nItems: z.number().int(),
  popularity: z.string(),
});

export type PromoteTarget = z.infer<typeof promoteTargetSchema>;
export type RecommenderContext = z.infer<typeof recommenderContextSchema>;

/** Item counts of a sample, encoded as `popularity` (tabs and newlines cannot be in an id we keep). */
export function encodeCounts(set: SequenceSet): string {
  const lists = Array.from({ length: set.ids.length }, (_, s) => sequenceItemIds(set, s));
  const counts = countItemIds(lists);
  let out = "";
  for (const [item, n] of counts) {
    if (/[\t\n]/.test(item)) continue;
    out += `${item}\t${n}\n`;
  }
  return out;
}

/** The counts back as a map (unknown items are absent: count 0). */
export function decodeCounts(encoded: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of encoded.split("\n")) {
    const tab = line.lastIndexOf("\t");
    if (tab <= 0) continue;
    const n = Number(line.slice(tab + 1));
    if (Number.isFinite(n)) counts.set(line.slice(0, tab), n);
  }
  return counts;
}

/** A campaign's context for a sample and a target. */
export function buildRecommenderContext(
  set: SequenceSet,
  target: PromoteTarget,
  sample: RecommenderContext["sample"],
): RecommenderContext {
  return {
    version: 1,
    target,
    sample,
    nSequences: set.ids.length,
    nItems: set.items.length,
    popularity: encodeCounts(set),
  };
}

/**
 * Where a member inserts the target in one sequence they own (science.md 2.8, after Baumann
 * & Mendler-Dünner 2024). Each rule returns the index the target takes in the edited
 * sequence (0 = first; the sequence's length = appended at the end):
 *
 * - `dirlof` (directed, least frequent): right after the sequence's item with the lowest
 *   global count, or a proxy for it (stream counts, a sample's counts). The target then
 *   follows an item with few other successors, so a model that learns "what comes after X"
 *   gives it a large share of X's continuations. Items the proxy does not know count 0.
 * - `inclust` (in cluster): right after the sequence's item that is most frequent within
 *   the collective's own sequences, so members concentrate on shared anchors; grows
 *   stronger as the collective grows.
 * - `random`: anywhere, uniformly (length + 1 places); `end`: appended.
 *
 * Ties go to the higher global count for `inclust` (a popular anchor is seen more often),
 * then to the earliest position, so an instruction never depends on iteration order.
 */
import { assertNever } from "../campaign/schema";

export const INSERTION_STRATEGIES = ["dirlof", "inclust", "random", "end"] as const;
export type InsertionStrategy = (typeof INSERTION_STRATEGIES)[number];

export interface StrategyContext<T> {
  /** Global count of an item, or a proxy; unknown items count 0. */
  popularity: (item: T) => number;
  /** Count of an item within the collective's sequences (needed by `inclust`). */
  collectiveCount?: (item: T) => number;
  /** A uniform draw in [0, 1) (needed by `random`). */
  draw?: number;
}

/** Index of the anchor item chosen by `dirlof` / `inclust` (-1 for an empty sequence). */
export function anchorIndex<T>(
  sequence: ArrayLike<T>,
  strategy: "dirlof" | "inclust",
  ctx: StrategyContext<T>,
): number {
  let best = -1;
  let bestKey = 0;
  let bestTie = 0;
  for (let j = 0; j < sequence.length; j++) {
    const item = sequence[j] as T;
    const pop = ctx.popularity(item);
    // Larger key wins; strictly larger, so the earliest position keeps a tie.
    const key = strategy === "dirlof" ? -pop : (ctx.collectiveCount?.(item) ?? 0);
    const tie = strategy === "dirlof" ? 0 : pop;
    if (best < 0 || key > bestKey || (key === bestKey && tie > bestTie)) {
      best = j;
      bestKey = key;
      bestTie = tie;
    }
  }
  return best;
}

/** The index the target takes in the edited sequence, per strategy. */
export function insertionIndex<T>(
  sequence: ArrayLike<T>,
  strategy: InsertionStrategy,
  ctx: StrategyContext<T>,
): number {
  switch (strategy) {
    case "dirlof":
    case "inclust":
      return anchorIndex(sequence, strategy, ctx) + 1;
    case "random":
      return Math.min(sequence.length, Math.floor((ctx.draw ?? 0) * (sequence.length + 1)));
    case "end":
      return sequence.length;
    default:
      return assertNever(strategy);
  }
}

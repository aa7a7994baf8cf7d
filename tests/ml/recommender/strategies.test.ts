import { describe, expect, it } from "vitest";
import { anchorIndex, insertionIndex, type StrategyContext } from "@/ml/recommender";

// Global counts of a tiny catalogue, and the counts within a collective of three playlists.
const global: Record<string, number> = { hit: 900, pop: 300, deep: 4, rare: 2, gem: 2, b: 50 };
const collective: Record<string, number> = { hit: 1, pop: 3, deep: 2, rare: 1, gem: 1, b: 3 };
const ctx = (draw = 0): StrategyContext<string> => ({
  popularity: (i) => global[i] ?? 0,
  collectiveCount: (i) => collective[i] ?? 0,
  draw,
});

describe("insertion strategies", () => {
  it("dirlof: right after the playlist's least frequent item (earliest on a tie)", () => {
    const playlist = ["hit", "rare", "pop", "gem", "deep"];
    expect(anchorIndex(playlist, "dirlof", ctx())).toBe(1); // rare (2) before gem (2)
    expect(insertionIndex(playlist, "dirlof", ctx())).toBe(2);
    // An item the popularity proxy does not know counts 0: the rarest.
    expect(insertionIndex(["hit", "pop", "unheard-of", "rare"], "dirlof", ctx())).toBe(3);
  });

  it("inclust: right after the item most frequent within the collective, ties to the more popular", () => {
    // pop and b both occur 3 times in the collective; pop is more popular globally.
    expect(anchorIndex(["deep", "b", "hit", "pop"], "inclust", ctx())).toBe(3);
    expect(insertionIndex(["deep", "b", "hit", "pop"], "inclust", ctx())).toBe(4);
    expect(insertionIndex(["rare", "deep", "gem"], "inclust", ctx())).toBe(2);
  });

  it("random: uniform over the length + 1 places; end: appended", () => {
    const playlist = ["hit", "rare", "pop"];
    expect(
      [0, 0.24, 0.25, 0.5, 0.99].map((d) => insertionIndex(playlist, "random", ctx(d))),
    ).toEqual([0, 0, 1, 2, 3]);
    expect(insertionIndex(playlist, "end", ctx())).toBe(3);
  });

  it("an empty sequence gets the item at index 0 under every rule", () => {
    for (const s of ["dirlof", "inclust", "random", "end"] as const)
      expect(insertionIndex([], s, ctx(0.7))).toBe(0);
  });
});

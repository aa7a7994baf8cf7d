import { describe, expect, it } from "vitest";
import { generateSyntheticPlaylists, itemCounts, sequenceItems } from "@/ml/recommender";

describe("synthetic playlists", () => {
  const set = generateSyntheticPlaylists({ sequences: 2000, seed: 4 });

  it("is deterministic per options and sized by them", () => {
    const again = generateSyntheticPlaylists({ sequences: 2000, seed: 4 });
    expect(Array.from(again.entries)).toEqual(Array.from(set.entries));
    expect(set.ids).toHaveLength(2000);
    expect(set.items).toHaveLength(4000);
    const other = generateSyntheticPlaylists({ sequences: 2000, seed: 5 });
    expect(Array.from(other.entries.subarray(0, 50))).not.toEqual(
      Array.from(set.entries.subarray(0, 50)),
    );
    expect(set.meta.artist?.[0]).toMatch(/^Artist \d+$/);
  });

  it("has realistic lengths (5..250, median near 26) and no track twice in a playlist", () => {
    const lengths: number[] = [];
    for (let s = 0; s < set.ids.length; s++) {
      const items = sequenceItems(set, s);
      lengths.push(items.length);
      expect(new Set(items).size).toBe(items.length);
    }
    lengths.sort((a, b) => a - b);
    expect(lengths[0]).toBeGreaterThanOrEqual(5);
    expect(lengths[lengths.length - 1]).toBeLessThanOrEqual(250);
    expect(lengths[1000]).toBeGreaterThanOrEqual(22);
    expect(lengths[1000]).toBeLessThanOrEqual(30);
  });

  it("has long-tailed popularity: a head in several percent of playlists, a tail seen once", () => {
    const counts = Array.from(itemCounts(set, set.items.length)).sort((a, b) => b - a);
    expect((counts[0] ?? 0) / set.ids.length).toBeGreaterThan(0.03);
    const seen = counts.filter((c) => c > 0);
    // Uniform popularity would give every item about 13 entries (Poisson): a top item at
    // about 25, no item at most twice. Here the head is far above the median, and the tail thin.
    const head = seen.slice(0, Math.ceil(seen.length / 100)).reduce((a, b) => a + b, 0);
    expect(head / set.entries.length).toBeGreaterThan(0.08);
    expect((seen[0] ?? 0) / (seen[Math.floor(seen.length / 2)] ?? 1)).toBeGreaterThan(20);
    expect(seen.filter((c) => c <= 2).length / seen.length).toBeGreaterThan(0.04);
  });

  it("has taste clusters: neighbours in a playlist mostly share a genre", () => {
    const genre = set.meta.genre ?? [];
    let same = 0;
    let pairs = 0;
    for (let s = 0; s < set.ids.length; s++) {
      const items = sequenceItems(set, s);
      for (let j = 1; j < items.length; j++) {
        pairs++;
        if (genre[items[j] ?? 0] === genre[items[j - 1] ?? 0]) same++;
      }
    }
    // Independent draws would share a genre with probability sum(share^2), about 0.05 here.
    expect(same / pairs).toBeGreaterThan(0.5);
  });
});

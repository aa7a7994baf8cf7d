import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  importSpotifyPlaylists,
  importedToSequenceSet,
  loadSequencesCsv,
  parseSequencesCsvText,
  sequenceItemIds,
  sequenceSetFromLists,
} from "@/ml/recommender";
import { EngineInputError } from "@/ml/data";

const fixtures = path.resolve(__dirname, "../../fixtures/recommender");
const columns = { sequence: "playlist", item: "track" };

async function inputError(p: Promise<unknown>): Promise<EngineInputError> {
  const err: unknown = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof EngineInputError))
    throw new Error(`expected an EngineInputError: ${String(err)}`);
  return err;
}

describe("sequences CSV", () => {
  it("streams one row per entry, keeps each sequence's row order when sequences interleave", async () => {
    const set = await loadSequencesCsv(path.join(fixtures, "playlists.csv"), columns);
    expect(set.ids).toEqual(["p1", "p2"]);
    expect(sequenceItemIds(set, 0)).toEqual(["a", "b", "c"]);
    expect(sequenceItemIds(set, 1)).toEqual(["a", "d", "b"]);
    expect(set.items).toEqual(["a", "b", "c", "d"]);
    // Every other column is metadata; the first non-empty value per item is kept.
    expect(set.meta.title).toEqual(["Song A", "Song B", "Song C, live", ""]);
    expect(set.meta.artist?.[3]).toBe("Artist 3");
  });

  it("parses CSV text the same way", async () => {
    const text = readFileSync(path.join(fixtures, "playlists.csv"), "utf8");
    const fromText = parseSequencesCsvText(text, { ...columns, meta: ["title"] });
    const fromFile = await loadSequencesCsv(path.join(fixtures, "playlists.csv"), columns);
    expect(Array.from(fromText.entries)).toEqual(Array.from(fromFile.entries));
    expect(Object.keys(fromText.meta)).toEqual(["title"]);
  });

  it("names the row of an entry without an item, and of a ragged record", async () => {
    const missing = await inputError(
      loadSequencesCsv(path.join(fixtures, "missing-item.csv"), columns),
    );
    expect(missing.row).toBe(3);
    expect(missing.column).toBe("track");
    expect(missing.message).toContain('row 3 (sequence "p2") has no item id');
    const ragged = await inputError(loadSequencesCsv(path.join(fixtures, "ragged.csv"), columns));
    expect(ragged.row).toBe(2);
    expect(ragged.message).toMatch(/row 2/);
  });

  it("names a missing column and a missing file", async () => {
    const err = await inputError(
      loadSequencesCsv(path.join(fixtures, "playlists.csv"), { sequence: "playlist", item: "uri" }),
    );
    expect(err.column).toBe("uri");
    expect(err.message).toContain('no column "uri"');
    const gone = await inputError(loadSequencesCsv(path.join(fixtures, "nope.csv"), columns));
    expect(gone.message).toContain("file not found");
    expect(() => parseSequencesCsvText("playlist,track\n", columns)).toThrow(/no data rows/);
  });

  it("builds sets from lists, keeping empty sequences", () => {
    const set = sequenceSetFromLists([
      { id: "x", items: ["a", "b"] },
      { id: "empty", items: [] },
      { id: "y", items: ["b"] },
    ]);
    expect(set.ids).toEqual(["x", "empty", "y"]);
    expect(Array.from(set.offsets)).toEqual([0, 2, 2, 3]);
    expect(Array.from(set.entries)).toEqual([0, 1, 1]);
  });
});

describe("Spotify export import", () => {
  const text = readFileSync(path.join(fixtures, "Playlist1.json"), "utf8");

  it("turns a member's playlists into sequences of track URIs with title, artist, album", () => {
    const { playlists, skipped } = importSpotifyPlaylists([text]);
    expect(playlists.map((p) => p.id)).toEqual(["Road trip", "Focus", "Road trip (2)"]);
    const road = playlists[0];
    expect(road?.lastModifiedDate).toBe("2024-05-02");
    expect(road?.items.map((t) => t.id)).toEqual([
      "spotify:track:0aaaaaaaaaaaaaaaaaaaa1",
      "spotify:track:0aaaaaaaaaaaaaaaaaaaa2",
      "spotify:track:0aaaaaaaaaaaaaaaaaaaa3",
    ]);
    expect(road?.items[1]).toEqual({
      id: "spotify:track:0aaaaaaaaaaaaaaaaaaaa2",
      title: "Northbound",
      artist: "Mara Quist",
      album: "Maps",
    });
    // The podcast episode and the local file are not tracks.
    expect(skipped).toBe(2);
    const set = importedToSequenceSet(playlists);
    expect(set.ids).toEqual(["Road trip", "Focus", "Road trip (2)"]);
    expect(sequenceItemIds(set, 1)).toEqual(["spotify:track:0aaaaaaaaaaaaaaaaaaaa4"]);
    expect(set.meta.artist?.[set.items.indexOf("spotify:track:0aaaaaaaaaaaaaaaaaaaa3")]).toBe(
      "The Tidewater Band",
    );
  });

  it("reads several files, parsed or as text", () => {
    const parsed: unknown = JSON.parse(text);
    const { playlists } = importSpotifyPlaylists([text, parsed]);
    expect(playlists).toHaveLength(6);
    expect(playlists[3]?.id).toBe("Road trip (3)");
  });

  it("names the file, playlist and item of a broken export", () => {
    expect(() => importSpotifyPlaylists(["{oops"])).toThrow(/not JSON/);
    expect(() => importSpotifyPlaylists([{ items: [] }])).toThrow(/not a Spotify playlist export/);
    const noUri = {
      playlists: [{ name: "Mix", items: [{ track: { trackName: "x" } }] }],
    };
    expect(() => importSpotifyPlaylists([text, noUri])).toThrow(
      'file 2: playlist 1 ("Mix"), item 1: the track has no trackUri',
    );
    expect(() => importSpotifyPlaylists([{ playlists: [{ items: [] }] }])).toThrow(
      "playlist 1 has no name",
    );
  });
});

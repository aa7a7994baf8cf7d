/**
 * A member's playlists from Spotify's account data export (`Playlist1.json`, `Playlist2.json`
 * ...: `{"playlists": [{"name", "lastModifiedDate", "items": [{"track": {"trackName",
 * "artistName", "albumName", "trackUri"}, ...}]}]}`), so members bring their sequences
 * without typing them. The item id is the track URI; title, artist and album are kept.
 * Items without a track (podcast episodes, local files, audiobooks) cannot be recommended
 * as tracks and are skipped, counted, and reported.
 */
import { EngineInputError } from "../data/errors";
import { SequenceSetBuilder, type SequenceSet } from "./sequence-set";

export interface ImportedTrack {
  /** Track URI, e.g. "spotify:track:4uLU6hMCjMI75M1A2tKUQC". */
  id: string;
  title: string;
  artist: string;
  album: string;
}

export interface ImportedPlaylist {
  /** The playlist's name, made unique ("Road trip (2)") when a member has two of that name. */
  id: string;
  name: string;
  lastModifiedDate?: string;
  items: ImportedTrack[];
}

export interface SpotifyImport {
  playlists: ImportedPlaylist[];
  /** Items skipped because they are not tracks (episodes, local files). */
  skipped: number;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Parse one or more export files, each as its text or its parsed JSON. Throws an EngineInputError
 * naming the file, playlist and item for a file that does not have the export's layout.
 */
export function importSpotifyPlaylists(files: readonly unknown[]): SpotifyImport {
  const playlists: ImportedPlaylist[] = [];
  const seenNames = new Map<string, number>();
  let skipped = 0;
  files.forEach((file, f) => {
    const where = files.length > 1 ? `file ${f + 1}: ` : "";
    let json: unknown = file;
    if (typeof file === "string") {
      try {
        json = JSON.parse(file);
      } catch (err) {
        throw new EngineInputError(
          `${where}not JSON (${err instanceof Error ? err.message : String(err)})`,
        );
      }
    }
    if (!isObject(json) || !Array.isArray(json.playlists))
      throw new EngineInputError(
        `${where}not a Spotify playlist export: expected {"playlists": [...]} as in Playlist1.json`,
      );
    json.playlists.forEach((p: unknown, pi) => {
      const at = `${where}playlist ${pi + 1}`;
      if (!isObject(p) || typeof p.name !== "string")
        throw new EngineInputError(`${at} has no name`);
      const name = p.name;
      if (!Array.isArray(p.items))
        throw new EngineInputError(`${at} ("${name}") has no items list`);
      const items: ImportedTrack[] = [];
      p.items.forEach((item: unknown, ii) => {
        const track = isObject(item) ? item.track : undefined;
        if (track === null || track === undefined) {
          // Episodes, local files and audiobooks have `track: null` and their own field.
          if (isObject(item)) {
            skipped++;
            return;
          }
          throw new EngineInputError(`${at} ("${name}"), item ${ii + 1} is not an object`);
        }
        if (!isObject(track) || typeof track.trackUri !== "string" || track.trackUri === "")
          throw new EngineInputError(
            `${at} ("${name}"), item ${ii + 1}: the track has no trackUri`,
          );
        const text = (v: unknown) => (typeof v === "string" ? v : "");
        items.push({
          id: track.trackUri,
          title: text(track.trackName),
          artist: text(track.artistName),
          album: text(track.albumName),
        });
      });
      const n = (seenNames.get(name) ?? 0) + 1;
      seenNames.set(name, n);
      playlists.push({
        id: n === 1 ? name : `${name} (${n})`,
        name,
        ...(typeof p.lastModifiedDate === "string" ? { lastModifiedDate: p.lastModifiedDate } : {}),
        items,
      });
    });
  });
  return { playlists, skipped };
}

/** Imported playlists as a SequenceSet with title, artist and album metadata. */
export function importedToSequenceSet(playlists: readonly ImportedPlaylist[]): SequenceSet {
  const b = new SequenceSetBuilder(["title", "artist", "album"]);
  for (const p of playlists) {
    b.sequence(p.id);
    for (const t of p.items)
      b.push(p.id, t.id, { title: t.title, artist: t.artist, album: t.album });
  }
  return b.build();
}

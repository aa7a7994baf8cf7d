import "server-only";
import type { Db } from "@/db";
import { fail, ok, type Result } from "@/lib/errors";
import { isStorableText } from "@/lib/validation/storable";
import { EngineInputError } from "@/ml/data/errors";
import { importSpotifyPlaylists } from "@/ml/recommender/spotify-import";
import type { Actor } from "./accounts";
import { loadCampaign } from "./campaign-access";
import { MAX_SEQUENCE_ITEMS } from "./kinds/recommender";

export interface ImportedPlaylistDto {
  /** Unique within the import ("Road trip (2)" for a second playlist of that name). */
  id: string;
  name: string;
  items: { id: string; title: string; artist: string }[];
  /** More items than a record holds: the member must pick another playlist. */
  isTooLong: boolean;
}

export interface PlaylistImportDto {
  playlists: ImportedPlaylistDto[];
  /** Episodes and local files, which are not tracks, were left out. */
  skipped: number;
}

/**
 * Reads a member's Spotify data export (`Playlist*.json` files) so they can pick the playlist
 * they will edit, or import it again after editing, instead of typing track ids. Nothing is
 * stored: the member then submits the chosen playlist as their record (sealed), or as their
 * confirmation. Only members of the campaign's collective may use it; it is not logged.
 */
export async function importMyPlaylists(
  db: Db,
  actor: Actor,
  campaignId: string,
  files: readonly string[],
): Promise<Result<PlaylistImportDto>> {
  const loaded = await loadCampaign(db, actor, campaignId);
  if (!loaded.ok) return loaded;
  if (loaded.value.campaign.kind !== "recommender")
    return fail("validation", "This campaign does not take playlists", {
      fields: { file: ["Not a recommender campaign"] },
    });
  if (files.length === 0 || files.every((f) => !f.trim()))
    return fail("validation", "Attach your Playlist1.json (from Spotify's data export)", {
      fields: { file: ["Required"] },
    });
  if (!files.every(isStorableText))
    return fail("validation", "The file is not text: attach the Playlist*.json files as exported", {
      fields: { file: ["Not a text file"] },
    });
  try {
    const imported = importSpotifyPlaylists(files);
    if (imported.playlists.length === 0)
      return fail("validation", "The export holds no playlists", {
        fields: { file: ["No playlists"] },
      });
    return ok({
      playlists: imported.playlists.map((p) => ({
        id: p.id,
        name: p.name,
        items: p.items.map((t) => ({ id: t.id, title: t.title, artist: t.artist })),
        isTooLong: p.items.length > MAX_SEQUENCE_ITEMS,
      })),
      skipped: imported.skipped,
    });
  } catch (err) {
    if (err instanceof EngineInputError)
      return fail("validation", err.message, { fields: { file: [err.message] } });
    throw err;
  }
}

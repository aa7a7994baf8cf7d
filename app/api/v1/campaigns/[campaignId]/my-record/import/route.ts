import { readBodyText, readFormData } from "@/lib/api/read-body";
import { authedRoute, toResponse } from "@/lib/api/respond";
import { otherMethods } from "@/lib/api/method-not-allowed";
import { importMyPlaylists } from "@/lib/data/recommender-import";
import { MAX_IMPORT_BYTES } from "@/lib/validation/recommender-campaigns";

/**
 * POST /api/v1/campaigns/{id}/my-record/import, body: multipart with one or more `file`s
 * (Spotify's Playlist*.json) or one export file as JSON -> {playlists, skipped}. Stores nothing.
 */
export const POST = authedRoute<{ campaignId: string }>(async ({ req, db, actor, params }) => {
  const type = req.headers.get("content-type") ?? "";
  let files: string[];
  if (type.startsWith("multipart/form-data")) {
    const read = await readFormData(req, MAX_IMPORT_BYTES + 64_000, "export");
    if (!read.ok) return toResponse(read);
    const blobs = (read.value?.getAll("file") ?? []).filter((f) => f instanceof Blob);
    files = await Promise.all(blobs.map((b) => b.text()));
  } else {
    const read = await readBodyText(req, MAX_IMPORT_BYTES, "export");
    if (!read.ok) return toResponse(read);
    files = [read.value];
  }
  return toResponse(await importMyPlaylists(db, actor, params.campaignId, files));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");

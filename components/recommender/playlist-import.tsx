"use client";

import { useId, useState } from "react";
import { api } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";

type ImportOutcome = Awaited<ReturnType<typeof api.recommender.importPlaylists>>;
export type ImportedPlaylists = Extract<ImportOutcome, { ok: true }>["data"];
export type ImportedPlaylist = ImportedPlaylists["playlists"][number];

/** "Title — Artist" per track, the labels a record keeps so instructions can name tracks. */
export function labelsOf(p: ImportedPlaylist): string {
  return p.items.map((t) => [t.title, t.artist].filter(Boolean).join(" — ") || t.id).join("\n");
}

/**
 * Reads a member's Spotify export (Playlist1.json, …) on the server and lets them pick one
 * playlist. Nothing is stored until the member submits the chosen playlist; `preferred`
 * preselects a playlist of that name (when confirming, the one they were told to edit).
 */
export function PlaylistImport({
  campaignId,
  actionLabel,
  preferred,
  onChoose,
}: {
  campaignId: string;
  actionLabel: string;
  preferred?: string;
  onChoose: (p: ImportedPlaylist) => Promise<void> | void;
}) {
  const id = useId();
  const [imported, setImported] = useState<ImportedPlaylists | null>(null);
  const [chosen, setChosen] = useState<string>("");
  const [message, setMessage] = useState("");
  const [isBusy, setIsBusy] = useState(false);

  async function read(files: FileList | null) {
    if (!files || files.length === 0) return;
    const form = new FormData();
    for (const f of Array.from(files)) form.append("file", f);
    setIsBusy(true);
    setMessage("Reading your export…");
    const res = await api.recommender.importPlaylists(campaignId, form);
    setIsBusy(false);
    if (!res.ok) {
      setImported(null);
      setMessage(res.message);
      return;
    }
    setImported(res.data);
    const usable = res.data.playlists.filter((p) => !p.isTooLong);
    const first = usable.find((p) => p.id === preferred) ?? usable[0];
    setChosen(first?.id ?? "");
    const skipped = res.data.skipped
      ? ` (${res.data.skipped} episodes or local files left out)`
      : "";
    setMessage(`Found ${res.data.playlists.length} playlists${skipped}. Choose one.`);
  }

  const playlist = imported?.playlists.find((p) => p.id === chosen);
  return (
    <div className="flex flex-col gap-2">
      <label htmlFor={`${id}-file`} className="text-sm font-medium text-slate-800">
        Spotify data export: Playlist1.json (and Playlist2.json … if you have them)
      </label>
      <input
        id={`${id}-file`}
        type="file"
        accept=".json,application/json"
        multiple
        disabled={isBusy}
        onChange={(e) => void read(e.target.files)}
        className="text-sm"
        aria-describedby={`${id}-msg`}
      />
      <p id={`${id}-msg`} aria-live="polite" className="text-sm text-slate-700">
        {message}
      </p>
      {imported && imported.playlists.length > 0 && (
        <fieldset className="flex flex-col gap-1">
          <legend className="text-sm font-medium text-slate-800">Playlist</legend>
          {imported.playlists.map((p) => (
            <label key={p.id} className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name={`${id}-playlist`}
                value={p.id}
                checked={chosen === p.id}
                disabled={p.isTooLong}
                onChange={() => setChosen(p.id)}
              />
              {p.id} ({p.items.length} tracks{p.isTooLong ? ", too long for a record" : ""})
            </label>
          ))}
          <div className="mt-1">
            <Button
              type="button"
              disabled={!playlist || isBusy}
              onClick={() => {
                if (playlist) void onChoose(playlist);
              }}
            >
              {actionLabel}
            </Button>
          </div>
        </fieldset>
      )}
    </div>
  );
}

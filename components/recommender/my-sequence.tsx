"use client";

import { ParticipationFooter } from "@/components/campaigns/participation-footer";
import { useCallback, useEffect, useState } from "react";
import { api } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { formText } from "@/lib/validation/form-data";
import { labelsOf, PlaylistImport, type ImportedPlaylist } from "./playlist-import";

type MineOutcome = Awaited<ReturnType<typeof api.campaigns.myInstruction>>;
type Mine = Extract<MineOutcome, { ok: true }>["data"];

const lines = (text: string | undefined) =>
  (text ?? "")
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter(Boolean);

/** The playlist after the edit, the new track marked: what the member's playlist should be. */
function EditedPlaylist({ mine }: { mine: Mine }) {
  const change = mine.instruction.changes[0];
  if (!change) return null;
  const before = new Set(lines(change.before));
  const labels = lines(mine.fields.labels);
  const ids = lines(mine.fields.items);
  const name = new Map(ids.map((id, i) => [id, labels[i] ?? id]));
  const after = lines(change.after);
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-slate-700">
        Your playlist after the edit ({after.length} tracks)
      </summary>
      <ol className="mt-2 max-h-72 list-decimal overflow-y-auto pl-8" data-testid="edited-playlist">
        {after.map((id, i) => (
          <li key={`${i}-${id}`} className={before.has(id) ? "" : "font-semibold text-emerald-800"}>
            {before.has(id) ? (name.get(id) ?? id) : `${id} (add this one)`}
          </li>
        ))}
      </ol>
    </details>
  );
}

/**
 * A member's side of a recommender campaign: submit the playlist they own (pasted track ids
 * or a Spotify export), read where to add the item, confirm by pasting or importing the edited
 * playlist (the server checks it), and withdraw. Only the member sees any of it.
 */
export function MySequence({ campaignId, status }: { campaignId: string; status: string }) {
  const [mine, setMine] = useState<Mine | null>(null);
  const [loadState, setLoadState] = useState<"loading" | "ready" | "error">("loading");
  const [message, setMessage] = useState("");
  const [problems, setProblems] = useState<string[]>([]);
  const [unwind, setUnwind] = useState<string[] | null>(null);
  const [mode, setMode] = useState<"paste" | "import">("import");
  const [isChanging, setIsChanging] = useState(false);

  const load = useCallback(async () => {
    const res = await api.campaigns.myInstruction(campaignId);
    if (res.ok) setMine(res.data);
    else if (res.status === 404) setMine(null);
    else {
      setLoadState("error");
      setMessage(res.message);
      return;
    }
    setLoadState("ready");
  }, [campaignId]);
  useEffect(() => {
    void load();
  }, [load]);

  async function submitRecord(fields: Record<string, string>) {
    const res = await api.campaigns.submitMyRecord(campaignId, { fields });
    setProblems([]);
    if (!res.ok) {
      setMessage(res.message);
      setProblems(Object.values(res.fields ?? {}).flat());
      return;
    }
    setUnwind(null);
    setIsChanging(false);
    setMessage("Here is your instruction.");
    await load();
  }
  async function confirm(items: string[]) {
    const res = await api.campaigns.confirmMyRecord(campaignId, {
      fields: { items: items.join("\n") },
    });
    if (!res.ok) return setMessage(res.message);
    setProblems(res.data.ok ? [] : res.data.problems.map((p) => p.message));
    setMessage(
      res.data.ok
        ? "Confirmed: you count as an active member. Thank you."
        : "That does not match your instruction yet:",
    );
    await load();
  }
  async function withdraw() {
    if (!window.confirm("Withdraw? Your playlist and instruction will be deleted here.")) return;
    const res = await api.campaigns.withdrawMyRecord(campaignId);
    if (!res.ok) return setMessage(res.message);
    setUnwind(res.data.unwind.steps);
    setMessage("Withdrawn. Your playlist and instruction are deleted.");
    await load();
  }
  const fromImport = (p: ImportedPlaylist) =>
    submitRecord({
      playlist: p.id,
      items: p.items.map((t) => t.id).join("\n"),
      labels: labelsOf(p),
    });

  if (loadState === "loading") return <p role="status">Loading your part…</p>;
  if (loadState === "error")
    return (
      <div className="flex flex-col gap-2">
        <p className="text-sm text-red-700">Could not load your part: {message}</p>
        <div>
          <Button type="button" variant="secondary" onClick={() => void load()}>
            Try again
          </Button>
        </div>
      </div>
    );
  const isLive = status === "launched";
  return (
    <div className="flex flex-col gap-4" data-testid="my-sequence">
      {unwind && (
        <section
          className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm"
          data-testid="unwind"
        >
          <h3 className="font-semibold">How to undo your change</h3>
          <ol className="list-decimal pl-5">
            {unwind.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ol>
        </section>
      )}
      {mine?.unwind && (
        <section className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          <h3 className="font-semibold">The campaign has ended: undo your change</h3>
          <ol className="list-decimal pl-5">
            {mine.unwind.steps.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ol>
        </section>
      )}
      {!isLive && !mine && (
        <p className="text-sm text-slate-700">
          This campaign is {status}: it takes no playlists now.
        </p>
      )}
      {isLive && mine && !isChanging && (
        <div>
          <Button type="button" variant="secondary" onClick={() => setIsChanging(true)}>
            Take part with another playlist
          </Button>
        </div>
      )}
      {isLive && (!mine || isChanging) && (
        <section className="flex flex-col gap-3" aria-labelledby="my-playlist-title">
          <h3 id="my-playlist-title" className="font-semibold">
            {mine ? "Change the playlist you take part with" : "The playlist you will edit"}
          </h3>
          <p className="text-sm text-slate-700">
            Choose one playlist you own on the platform, as it is now. Only you can see it here.
          </p>
          <div
            role="radiogroup"
            aria-label="How to give your playlist"
            className="flex flex-wrap gap-4 text-sm"
          >
            {(["import", "paste"] as const).map((m) => (
              <label key={m} className="flex items-center gap-2">
                <input
                  type="radio"
                  name="sequence-mode"
                  checked={mode === m}
                  onChange={() => setMode(m)}
                />
                {m === "import" ? "Import my Spotify export" : "Paste track ids"}
              </label>
            ))}
          </div>
          {mode === "import" ? (
            <PlaylistImport
              campaignId={campaignId}
              actionLabel="Use this playlist"
              onChoose={fromImport}
            />
          ) : (
            <form
              className="flex flex-col gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                const form = new FormData(e.currentTarget);
                void submitRecord({
                  playlist: formText(form, "playlist"),
                  items: formText(form, "items"),
                });
              }}
            >
              <label htmlFor="seq-playlist" className="text-sm font-medium">
                Playlist name
              </label>
              <input
                id="seq-playlist"
                name="playlist"
                defaultValue={mine?.fields.playlist ?? ""}
                className="rounded-md border border-slate-300 px-3 py-2"
              />
              <label htmlFor="seq-items" className="text-sm font-medium">
                Track ids, one per line, in playlist order
              </label>
              <textarea
                id="seq-items"
                name="items"
                rows={6}
                defaultValue={mine?.fields.items ?? ""}
                className="rounded-md border border-slate-300 px-3 py-2 font-mono text-sm"
              />
              <div>
                <Button type="submit">{mine ? "Update my playlist" : "Get my instruction"}</Button>
              </div>
            </form>
          )}
        </section>
      )}
      {mine && !mine.unwind && (
        <section
          className="rounded-md border border-indigo-200 bg-indigo-50 p-3 text-sm"
          aria-labelledby="my-instruction-title"
          data-testid="instruction"
        >
          <h3 id="my-instruction-title" className="font-semibold">
            Your instruction
          </h3>
          <ol className="list-decimal pl-5">
            {mine.instruction.steps.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ol>
          <EditedPlaylist mine={mine} />
        </section>
      )}
      {mine && isLive && mine.instruction.participates && (
        <section className="flex flex-col gap-3" aria-labelledby="confirm-title">
          <h3 id="confirm-title" className="font-semibold">
            Confirm your edit
          </h3>
          <p className="text-sm text-slate-700" data-testid="confirmed-state">
            {mine.isConfirmed
              ? "Confirmed: you are an active member."
              : "Not confirmed yet. Import or paste the playlist as it is now, after your edit."}
          </p>
          {mode === "import" ? (
            <PlaylistImport
              campaignId={campaignId}
              actionLabel="Check and confirm"
              preferred={mine.fields.playlist}
              onChoose={(p) => confirm(p.items.map((t) => t.id))}
            />
          ) : (
            <form
              className="flex flex-col gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                void confirm(lines(formText(new FormData(e.currentTarget), "edited")));
              }}
            >
              <label htmlFor="seq-edited" className="text-sm font-medium">
                The edited playlist&apos;s track ids, one per line
              </label>
              <textarea
                id="seq-edited"
                name="edited"
                rows={6}
                className="rounded-md border border-slate-300 px-3 py-2 font-mono text-sm"
              />
              <div>
                <Button type="submit">Check and confirm</Button>
              </div>
            </form>
          )}
        </section>
      )}
      <ParticipationFooter
        message={message}
        problems={problems}
        {...(mine ? { onWithdraw: () => void withdraw() } : {})}
      />
    </div>
  );
}

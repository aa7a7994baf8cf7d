"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { SessionViewDto } from "@/lib/data/sessions";
import { api } from "@/components/ui/api-client";
import { ConsentPanel } from "./consent-panel";
import { DotsPanel } from "./dots-panel";
import { ResultsPanel } from "./results-panel";
import { StatementsPanel } from "./statements-panel";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

const POLL_MS = 3000;
const timeFormat: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit" };

/**
 * While a session is open, results move in batches (see readSessionResults): say so, so a
 * vote that does not show at once is not taken for a lost one.
 */
function ReleaseNote({ release }: { release: SessionViewDto["resultsRelease"] }) {
  if (release.isFinal) return null;
  return (
    <p className="mb-3 text-sm text-slate-600" data-testid="results-release">
      Results update after every {release.batchSize} new participants (people who vote or change a
      vote), so no single ballot can be picked out.{" "}
      {release.publishedAt ? (
        <>
          Update {release.version}, published at{" "}
          {/* The server renders in its own time zone, the browser in the reader's. */}
          <time dateTime={release.publishedAt} suppressHydrationWarning>
            {new Date(release.publishedAt).toLocaleTimeString([], timeFormat)}
          </time>
          .
        </>
      ) : (
        "No update published yet."
      )}
    </p>
  );
}
const phaseText = { draft: "Draft: not open yet", open: "Open", closed: "Closed" } as const;

/**
 * A session as one participant sees it, refreshed every few seconds while it is open so
 * results and participation move during a meeting without reloading the page.
 */
export function SessionLive({ initial }: { initial: SessionViewDto }) {
  const [view, setView] = useState(initial);
  const [error, setError] = useState("");
  // The version shown: an unchanged session answers 304 with no body.
  const etag = useRef<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const res = await api.sessions.poll(initial.id, etag.current);
      if (res.ok) {
        etag.current = res.etag;
        if (!res.isUnchanged) setView(res.data);
        setError("");
      } else
        setError(
          res.status === 0 ? "Connection lost; retrying…" : "Could not refresh the session.",
        );
    } catch {
      setError("Connection lost; retrying…");
    }
  }, [initial.id]);

  useEffect(() => {
    if (view.phase !== "open") return;
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [view.phase, refresh]);

  async function phase(action: "open" | "close") {
    const res = await api.sessions.changePhase(view.id, action);
    setError(res.ok ? "" : res.message);
    await refresh();
  }

  const Panel = { statements: StatementsPanel, dots: DotsPanel, consent: ConsentPanel }[
    view.format
  ];
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <span className="rounded-full bg-slate-200 px-3 py-1 text-sm" data-testid="session-phase">
          {phaseText[view.phase]}
        </span>
        {view.closesAt && view.phase === "open" && (
          <span className="text-sm text-slate-600">
            closes {new Date(view.closesAt).toLocaleString()}
          </span>
        )}
        {view.canRun && view.phase !== "open" && (
          <Button type="button" onClick={() => void phase("open")}>
            {view.phase === "draft" ? "Open session" : "Reopen"}
          </Button>
        )}
        {view.canRun && view.phase === "open" && (
          <Button type="button" variant="secondary" onClick={() => void phase("close")}>
            Close session
          </Button>
        )}
      </div>
      <p aria-live="polite" className="text-sm text-red-700">
        {error}
      </p>
      <Card title="Prompt">
        <p className="whitespace-pre-wrap">{view.prompt}</p>
      </Card>
      <Card
        title={
          view.format === "consent"
            ? "Respond"
            : view.format === "dots"
              ? "Place your dots"
              : "Vote"
        }
      >
        <Panel key={view.phase} view={view} onChange={() => void refresh()} />
      </Card>
      <Card title="Results">
        {/* Announce only the participation count: re-reading the whole results every poll would drown a screen reader. */}
        <p className="sr-only" aria-live="polite">
          {view.results.visible
            ? `${view.results.participants} people have taken part.`
            : `Taking part so far: ${view.results.participantsLabel}.`}
        </p>
        <ReleaseNote release={view.resultsRelease} />
        <ResultsPanel results={view.results} />
      </Card>
    </div>
  );
}

"use client";

import { useState } from "react";
import type { SessionViewDto } from "@/lib/data/sessions";
import { api } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";

/** Spread your dots over the options (shown in your own shuffled order). */
export function DotsPanel({ view, onChange }: { view: SessionViewDto; onChange: () => void }) {
  const initial = Object.fromEntries(view.mine.allocation.map((a) => [a.optionId, a.dots]));
  const [dots, setDots] = useState<Record<string, number>>(initial);
  const [message, setMessage] = useState("");
  const budget = view.dots ?? 0;
  const used = Object.values(dots).reduce((a, b) => a + b, 0);
  const perOption = view.maxPerOption ?? budget;

  async function save() {
    const allocations = Object.entries(dots)
      .filter(([, n]) => n > 0)
      .map(([optionId, n]) => ({ optionId, dots: n }));
    const res = await api.sessions.allocate(view.id, { allocations });
    setMessage(
      res.ok ? "Your dots are saved. You can change them until the session closes." : res.message,
    );
    onChange();
  }

  return (
    <div className="flex flex-col gap-3">
      {view.canVote ? (
        <p className="text-sm text-slate-700" aria-live="polite">
          {budget - used} of {budget} dots left. Results stay hidden until the session closes.
        </p>
      ) : (
        <p className="text-sm text-slate-700">
          {view.phase === "closed" ? "Voting has closed." : "Voting has not opened yet."}
        </p>
      )}
      <ul className="flex flex-col gap-2" aria-label="Options">
        {view.items.map((o) => {
          const n = dots[o.id] ?? 0;
          return (
            <li
              key={o.id}
              className="flex items-center justify-between gap-3 rounded-md border border-slate-200 p-3"
            >
              <span>{o.text}</span>
              <span className="flex items-center gap-2">
                <Button
                  type="button"
                  variant="secondary"
                  aria-label={`One dot less for ${o.text}`}
                  disabled={!view.canVote || n === 0}
                  onClick={() => setDots({ ...dots, [o.id]: n - 1 })}
                >
                  −
                </Button>
                <span className="w-6 text-center" aria-label={`${n} dots on ${o.text}`}>
                  {n}
                </span>
                <Button
                  type="button"
                  variant="secondary"
                  aria-label={`One dot more for ${o.text}`}
                  disabled={!view.canVote || used >= budget || n >= perOption}
                  onClick={() => setDots({ ...dots, [o.id]: n + 1 })}
                >
                  +
                </Button>
              </span>
            </li>
          );
        })}
      </ul>
      {view.canVote && (
        <Button type="button" onClick={() => void save()}>
          Save my dots
        </Button>
      )}
      <p aria-live="polite" className="text-sm text-slate-700">
        {message}
      </p>
    </div>
  );
}

"use client";

import { useState } from "react";
import type { SessionViewDto } from "@/lib/data/sessions";
import { api } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";

const positions = [
  { value: "consent", label: "Consent", hint: "I can live with it." },
  { value: "concern", label: "Concern", hint: "I go along, but note a worry." },
  { value: "object", label: "Object", hint: "It needs changing first (say why)." },
  { value: "block", label: "Block", hint: "This must not happen (say why)." },
] as const;

/** Respond to the proposal: consent, concern, object or block, with a reason. */
export function ConsentPanel({ view, onChange }: { view: SessionViewDto; onChange: () => void }) {
  const [position, setPosition] = useState<(typeof positions)[number]["value"] | "">(
    positions.find((p) => p.value === view.mine.response?.position)?.value ?? "",
  );
  const [reason, setReason] = useState(view.mine.response?.reason ?? "");
  const [message, setMessage] = useState("");

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!position) return;
    const res = await api.sessions.respond(view.id, { position, reason: reason || undefined });
    setMessage(
      res.ok ? "Your response is saved. You can change it while the round is open." : res.message,
    );
    onChange();
  }

  return (
    <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-3">
      <fieldset className="flex flex-col gap-2" disabled={!view.canVote}>
        <legend className="mb-1 font-medium">Your response</legend>
        {positions.map((p) => (
          <label
            key={p.value}
            className="flex items-start gap-2 rounded-md border border-slate-200 p-2"
          >
            <input
              type="radio"
              name="position"
              value={p.value}
              checked={position === p.value}
              onChange={() => setPosition(p.value)}
              className="mt-1"
            />
            <span>
              <strong>{p.label}</strong> <span className="text-sm text-slate-600">{p.hint}</span>
            </span>
          </label>
        ))}
        <label htmlFor="consent-reason" className="text-sm font-medium">
          Reason {position === "object" || position === "block" ? "(required)" : "(optional)"}
        </label>
        <textarea
          id="consent-reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={3}
          maxLength={2000}
          className="rounded-md border border-slate-300 px-3 py-2"
        />
      </fieldset>
      {view.canVote && (
        <Button type="submit" disabled={!position}>
          Send response
        </Button>
      )}
      <p aria-live="polite" className="text-sm text-slate-700">
        {message}
      </p>
    </form>
  );
}

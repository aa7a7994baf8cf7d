"use client";

import { useState } from "react";
import type { SessionViewDto } from "@/lib/data/sessions";
import { api } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";

const choices = [
  { vote: "agree", label: "Agree" },
  { vote: "disagree", label: "Disagree" },
  { vote: "pass", label: "Pass" },
] as const;

/** Vote agree / disagree / pass on each statement, and add statements of your own. */
export function StatementsPanel({
  view,
  onChange,
}: {
  view: SessionViewDto;
  onChange: () => void;
}) {
  const [message, setMessage] = useState("");
  const [draft, setDraft] = useState("");
  async function vote(statementId: string, choice: (typeof choices)[number]["vote"]) {
    const res = await api.sessions.vote(view.id, { statementId, vote: choice });
    setMessage(res.ok ? "" : res.message);
    onChange();
  }
  async function add(e: React.FormEvent) {
    e.preventDefault();
    const res = await api.sessions.addStatement(view.id, { text: draft });
    if (res.ok) {
      setDraft("");
      setMessage(
        res.data.status === "pending"
          ? "Thanks: a facilitator will review your statement."
          : "Statement added.",
      );
    } else setMessage(res.message);
    onChange();
  }
  async function moderate(statementId: string, status: "approved" | "rejected") {
    const res = await api.sessions.moderate(view.id, statementId, { status });
    setMessage(res.ok ? "" : res.message);
    onChange();
  }

  return (
    <div className="flex flex-col gap-4">
      <ul className="flex flex-col gap-3" aria-label="Statements">
        {view.items.map((item) => {
          const mine = view.mine.votes[item.id];
          return (
            <li
              key={item.id}
              className="rounded-md border border-slate-200 p-3"
              data-testid="statement"
            >
              <p className="mb-2">
                {item.text}
                {item.status !== "approved" && (
                  <span className="ml-2 text-xs text-amber-800">({item.status})</span>
                )}
              </p>
              {item.status === "approved" ? (
                <div
                  role="group"
                  aria-label={`Your vote on: ${item.text}`}
                  className="flex flex-wrap gap-2"
                >
                  {choices.map((c) => (
                    <Button
                      key={c.vote}
                      type="button"
                      variant={mine === c.vote ? "primary" : "secondary"}
                      aria-pressed={mine === c.vote}
                      disabled={!view.canVote}
                      onClick={() => void vote(item.id, c.vote)}
                    >
                      {c.label}
                    </Button>
                  ))}
                </div>
              ) : (
                view.canRun && (
                  <div className="flex gap-2">
                    <Button
                      type="button"
                      variant="secondary"
                      onClick={() => void moderate(item.id, "approved")}
                    >
                      Approve
                    </Button>
                    <Button
                      type="button"
                      variant="danger"
                      onClick={() => void moderate(item.id, "rejected")}
                    >
                      Reject
                    </Button>
                  </div>
                )
              )}
            </li>
          );
        })}
      </ul>
      {view.canVote && (
        <form
          onSubmit={(e) => void add(e)}
          className="flex flex-col gap-2 sm:flex-row sm:items-end"
        >
          <div className="flex grow flex-col gap-1">
            <label htmlFor="new-statement" className="text-sm font-medium">
              Add a statement
            </label>
            <input
              id="new-statement"
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              maxLength={280}
              className="rounded-md border border-slate-300 px-3 py-2"
            />
          </div>
          <Button type="submit" disabled={!draft.trim()}>
            Add
          </Button>
        </form>
      )}
      <p aria-live="polite" className="text-sm text-slate-700">
        {message}
      </p>
    </div>
  );
}

"use client";

import { useMemo, useState } from "react";
import { diffWords, type DiffPart } from "./word-diff";
import { Button } from "@/components/ui/button";
import type { MyInstructionDto } from "@/lib/data/campaign-records";

type InstructionView = MyInstructionDto["instruction"];

/** Before -> after for each field, the plain steps, and a copy button for the new values. */
export function InstructionPanel({
  instruction,
  title = "Your instruction",
}: {
  instruction: InstructionView;
  title?: string;
}) {
  const [copied, setCopied] = useState("");
  const copy = (text: string, field: string) =>
    void navigator.clipboard?.writeText(text).then(
      () => setCopied(field),
      () => setCopied(""),
    );
  return (
    <section className="flex flex-col gap-3" data-testid="instruction" aria-label={title}>
      <h3 className="font-semibold">{title}</h3>
      {!instruction.participates && (
        <p className="rounded-md bg-slate-100 p-3">
          You do not need to change anything for this campaign. Thank you for taking part.
        </p>
      )}
      {instruction.changes.length > 0 && (
        <ul className="flex flex-col gap-3">
          {instruction.changes.map((c) => (
            <FieldChange
              key={c.field}
              change={c}
              isCopied={copied === c.field}
              onCopy={() => copy(c.after, c.field)}
            />
          ))}
        </ul>
      )}
      <ol className="list-decimal pl-5 text-sm">
        {instruction.steps.map((s, i) => (
          <li key={i}>{s}</li>
        ))}
      </ol>
    </section>
  );
}

function FieldChange({
  change: c,
  isCopied,
  onCopy,
}: {
  change: InstructionView["changes"][number];
  isCopied: boolean;
  onCopy: () => void;
}) {
  const parts = useMemo(() => diffWords(c.before, c.after), [c.before, c.after]);
  return (
    <li className="rounded-md border border-slate-200 p-3">
      <p className="mb-1 text-sm font-medium">{c.field}</p>
      <ChangeSummary parts={parts} />
      <div className="grid gap-2 sm:grid-cols-2">
        <div>
          <p className="text-xs text-slate-600">Before</p>
          <p
            className="diff-text rounded bg-red-50 p-2 font-mono text-sm break-words whitespace-pre-wrap"
            data-testid={`before-${c.field}`}
          >
            {c.before ? <Marked parts={parts} side="before" /> : "(empty)"}
          </p>
        </div>
        <div>
          <p className="text-xs text-slate-600">After</p>
          <p
            className="diff-text rounded bg-green-50 p-2 font-mono text-sm break-words whitespace-pre-wrap"
            data-testid={`after-${c.field}`}
          >
            {c.after ? <Marked parts={parts} side="after" /> : "(empty)"}
          </p>
        </div>
      </div>
      <Button type="button" variant="secondary" className="mt-2" onClick={onCopy}>
        {isCopied ? "Copied" : `Copy new ${c.field}`}
      </Button>
    </li>
  );
}

/**
 * One side of a word diff: the before side marks removals with <del>, the after side marks
 * insertions with <ins>. Surrounding whitespace stays outside the mark, so only words are
 * struck or underlined. The "removed:"/"inserted:" words for screen readers come from CSS
 * (globals.css), so selecting and copying the after text copies only the text.
 */
function Marked({ parts, side }: { parts: DiffPart[]; side: "before" | "after" }) {
  const changed = side === "before" ? "delete" : "insert";
  const Mark = side === "before" ? "del" : "ins";
  return parts.map((p, i) => {
    if (p.kind === "equal") return p.text;
    if (p.kind !== changed) return null;
    const [, lead = "", core = "", trail = ""] = /^(\s*)([\s\S]*?)(\s*)$/.exec(p.text) ?? [];
    if (!core) return p.text;
    return (
      <span key={i}>
        {lead}
        <Mark>{core}</Mark>
        {trail}
      </span>
    );
  });
}

/** "Add: zqxj" / "Remove: …" above the boxes, so a long text does not hide a one-word change. */
function ChangeSummary({ parts }: { parts: DiffPart[] }) {
  const words = (kind: DiffPart["kind"]) => {
    const counts = new Map<string, number>();
    for (const p of parts) {
      const text = p.text.trim();
      if (p.kind === kind && text) counts.set(text, (counts.get(text) ?? 0) + 1);
    }
    return [...counts].map(([text, n]) => {
      const short = text.length > 60 ? `${text.slice(0, 57)}…` : text;
      return n > 1 ? `“${short}” (${n} times)` : `“${short}”`;
    });
  };
  const added = words("insert");
  const removed = words("delete");
  if (added.length === 0 && removed.length === 0) return null;
  const list = (xs: string[]) => xs.join(", ");
  return (
    <p className="mb-2 text-sm break-words text-slate-800" data-testid="change-summary">
      {removed.length > 0 && (
        <>
          <span className="font-semibold">Remove</span> {list(removed)}
          {added.length > 0 ? "; " : "."}
        </>
      )}
      {added.length > 0 && (
        <>
          <span className="font-semibold">{removed.length > 0 ? "add" : "Add"}</span> {list(added)}.
        </>
      )}
    </p>
  );
}

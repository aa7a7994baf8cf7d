"use client";

import { useState } from "react";
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
            <li key={c.field} className="rounded-md border border-slate-200 p-3">
              <p className="mb-1 text-sm font-medium">{c.field}</p>
              <div className="grid gap-2 sm:grid-cols-2">
                <div>
                  <p className="text-xs text-slate-600">Before</p>
                  <p className="rounded bg-red-50 p-2 font-mono text-sm break-words whitespace-pre-wrap">
                    {c.before || "(empty)"}
                  </p>
                </div>
                <div>
                  <p className="text-xs text-slate-600">After</p>
                  <p
                    className="rounded bg-green-50 p-2 font-mono text-sm break-words whitespace-pre-wrap"
                    data-testid={`after-${c.field}`}
                  >
                    {c.after || "(empty)"}
                  </p>
                </div>
              </div>
              <Button
                type="button"
                variant="secondary"
                className="mt-2"
                onClick={() => copy(c.after, c.field)}
              >
                {copied === c.field ? "Copied" : `Copy new ${c.field}`}
              </Button>
            </li>
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

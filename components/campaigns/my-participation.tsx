"use client";

import { ParticipationFooter } from "./participation-footer";
import { useCallback, useEffect, useState } from "react";
import { api } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import type { MyInstructionDto } from "@/lib/data/campaign-records";
import { InstructionPanel } from "./instruction-view";
import { formText } from "@/lib/validation/form-data";

type Mine = MyInstructionDto;

function unchangedFields(mine: Mine): Record<string, string> {
  const changed = new Set(mine.instruction.changes.map((c) => c.field));
  return Object.fromEntries(Object.entries(mine.fields).filter(([f]) => !changed.has(f)));
}

/** A member's own side of a campaign: submit the record, read the instruction, confirm, withdraw. */
export function MyParticipation({
  campaignId,
  fields,
  status,
}: {
  campaignId: string;
  fields: string[];
  status: string;
}) {
  const [mine, setMine] = useState<Mine | null>(null);
  const [loading, setLoading] = useState(true);
  const [message, setMessage] = useState("");
  const [problems, setProblems] = useState<string[]>([]);
  const [unwind, setUnwind] = useState<string[] | null>(null);

  const load = useCallback(async () => {
    const res = await api.campaigns.myInstruction(campaignId);
    setMine(res.ok ? res.data : null);
    setLoading(false);
  }, [campaignId]);
  useEffect(() => {
    void load();
  }, [load]);

  const read = (form: HTMLFormElement) =>
    Object.fromEntries(fields.map((f) => [f, String(formText(new FormData(form), f))]));

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const res = await api.campaigns.submitMyRecord(campaignId, { fields: read(e.currentTarget) });
    setMessage(res.ok ? "Here is your instruction." : res.message);
    setProblems([]);
    await load();
  }
  async function confirm(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const res = await api.campaigns.confirmMyRecord(campaignId, { fields: read(e.currentTarget) });
    if (!res.ok) return setMessage(res.message);
    const r = res.data;
    setProblems(r.ok ? [] : r.problems.map((p) => p.message));
    setMessage(
      r.ok
        ? "Confirmed: you count as an active member. Thank you."
        : "That does not match your instruction yet:",
    );
    await load();
  }
  async function withdraw() {
    if (!window.confirm("Withdraw? Your record and instruction will be deleted.")) return;
    const res = await api.campaigns.withdrawMyRecord(campaignId);
    if (!res.ok) return setMessage(res.message);
    setUnwind(res.data.unwind.steps);
    setMessage("Withdrawn. Your record and instruction are deleted.");
    await load();
  }

  if (loading) return <p role="status">Loading your part…</p>;
  const fieldInputs = (prefix: string, values?: Record<string, string>) =>
    fields.map((f) => (
      <div key={f} className="flex flex-col gap-1">
        <label htmlFor={`${prefix}-${f}`} className="text-sm font-medium">
          {f}
        </label>
        <textarea
          id={`${prefix}-${f}`}
          name={f}
          rows={f.length > 0 && values?.[f] && values[f].length > 60 ? 3 : 1}
          defaultValue={values?.[f] ?? ""}
          className="rounded-md border border-slate-300 px-3 py-2"
        />
      </div>
    ));
  return (
    <div className="flex flex-col gap-4">
      {unwind && (
        <section
          className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm"
          data-testid="unwind"
        >
          <h3 className="font-semibold">How to undo your changes</h3>
          <ol className="list-decimal pl-5">
            {unwind.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ol>
        </section>
      )}
      {mine?.unwind && (
        <InstructionPanel
          title="The campaign has ended: undo your changes"
          instruction={{
            participates: true,
            changes: mine.unwind.changes,
            steps: mine.unwind.steps,
          }}
        />
      )}
      {status === "launched" && (
        <form
          onSubmit={(e) => void submit(e)}
          className="flex flex-col gap-3"
          aria-label="Your record"
        >
          <p className="text-sm text-slate-700">
            Enter the record you hold on the platform, exactly as it is there now. Only you can see
            it.
          </p>
          {fieldInputs("record", mine?.fields)}
          <Button type="submit">{mine ? "Update my record" : "Get my instruction"}</Button>
        </form>
      )}
      {mine && !mine.unwind && <InstructionPanel instruction={mine.instruction} />}
      {mine && status === "launched" && mine.instruction.participates && (
        <form
          onSubmit={(e) => void confirm(e)}
          className="flex flex-col gap-3"
          aria-label="Confirm what you did"
        >
          <h3 className="font-semibold">Confirm what you submitted to the platform</h3>
          <p className="text-sm text-slate-700" data-testid="confirmed-state">
            {mine.isConfirmed
              ? "Confirmed: you are an active member."
              : "Not confirmed yet. Paste what you submitted."}
          </p>
          {/* Fields the instruction leaves alone start filled in; only the changed ones need pasting. */}
          {fieldInputs("confirm", unchangedFields(mine))}
          <Button type="submit">Check and confirm</Button>
        </form>
      )}
      <ParticipationFooter
        message={message}
        problems={problems}
        {...(mine ? { onWithdraw: () => void withdraw() } : {})}
      />
    </div>
  );
}

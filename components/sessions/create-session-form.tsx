"use client";

import { useActionState, useState } from "react";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SelectField } from "@/components/ui/select-field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormAction } from "@/components/ui/form-state";

const formats = [
  { value: "statements", label: "Statement voting (agree / disagree / pass, opinion groups)" },
  { value: "dots", label: "Dot voting (spread dots over options)" },
  { value: "consent", label: "Consent round (consent / concern / object / block)" },
] as const;

/** `action` is the page's createSessionAction, bound to the collective. */
export function CreateSessionForm({
  action: createSession,
  statementSessions = [],
}: {
  action: FormAction;
  statementSessions?: { id: string; title: string }[];
}) {
  const [state, action] = useActionState(createSession, null);
  const [format, setFormat] = useState("statements");
  const [closesLocal, setClosesLocal] = useState("");
  // datetime-local has no time zone: convert in the browser, where the zone is known.
  const closesAt = closesLocal ? new Date(closesLocal).toISOString() : "";
  const fields = state && !state.ok ? state.fields : undefined;
  return (
    <form action={action} className="flex flex-col gap-4">
      <Field label="Title" name="title" required maxLength={120} errors={fields?.title} />
      <SelectField
        label="Format"
        name="format"
        options={formats}
        value={format}
        onChange={(e) => setFormat(e.target.value)}
        errors={fields?.format}
      />
      <div className="flex flex-col gap-1">
        <label htmlFor="field-prompt" className="text-sm font-medium">
          {format === "consent" ? "Proposal" : "Prompt"}
        </label>
        <textarea
          id="field-prompt"
          name="prompt"
          rows={3}
          required
          maxLength={2000}
          className="rounded-md border border-slate-300 px-3 py-2"
          aria-describedby={fields?.prompt ? "prompt-error" : undefined}
        />
        {fields?.prompt && (
          <p id="prompt-error" className="text-sm text-red-700">
            {fields.prompt.join(" ")}
          </p>
        )}
      </div>
      {format !== "consent" && (
        <div className="flex flex-col gap-1">
          <label htmlFor="field-items" className="text-sm font-medium">
            {format === "dots" ? "Options, one per line" : "Seed statements, one per line"}
          </label>
          <textarea
            id="field-items"
            name="items"
            rows={4}
            className="rounded-md border border-slate-300 px-3 py-2"
            aria-describedby={fields?.options || fields?.seedStatements ? "items-error" : undefined}
          />
          {(fields?.options || fields?.seedStatements) && (
            <p id="items-error" className="text-sm text-red-700">
              {(fields.options ?? fields.seedStatements ?? []).join(" ")}
            </p>
          )}
        </div>
      )}
      {format === "dots" && statementSessions.length > 0 && (
        <SelectField
          label="Or take the options from a brainstorm"
          name="optionsFromSessionId"
          options={[
            { value: "", label: "No: use the options above" },
            ...statementSessions.map((s) => ({ value: s.id, label: s.title })),
          ]}
          errors={fields?.optionsFromSessionId}
        />
      )}
      {format === "dots" && (
        <Field
          label="Dots per person"
          name="dots"
          type="number"
          min={1}
          max={100}
          defaultValue={3}
          errors={fields?.dots}
        />
      )}
      {format === "statements" && (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="moderated" /> Hold participants&apos; statements for review
          before others see them
        </label>
      )}
      <Field
        label="Closes at (optional)"
        name="closesAtLocal"
        type="datetime-local"
        value={closesLocal}
        onChange={(e) => setClosesLocal(e.target.value)}
        hint="The session closes by itself then; you can also close it by hand."
        errors={fields?.closesAt}
      />
      <input type="hidden" name="closesAt" value={closesAt} />
      <SubmitButton pendingText="Creating…">Create session</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}

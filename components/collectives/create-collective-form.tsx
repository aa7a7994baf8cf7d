"use client";

import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormAction } from "@/components/ui/form-state";

export function CreateCollectiveForm({ action: createCollective }: { action: FormAction }) {
  const [state, action] = useActionState(createCollective, null);
  const fields = state && !state.ok ? state.fields : undefined;
  return (
    <form action={action} className="flex flex-col gap-4">
      <Field label="Name" name="name" required maxLength={80} errors={fields?.name} />
      <Field
        label="Platform"
        name="platform"
        maxLength={120}
        hint="The platform whose model the collective organises around, e.g. a gig-work app."
        errors={fields?.platform}
      />
      <div className="flex flex-col gap-1">
        <label htmlFor="field-description" className="text-sm font-medium text-slate-800">
          Description
        </label>
        <textarea
          id="field-description"
          name="description"
          rows={4}
          maxLength={2000}
          className="rounded-md border border-slate-300 px-3 py-2 text-base"
        />
      </div>
      <SubmitButton pendingText="Creating…">Create collective</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}

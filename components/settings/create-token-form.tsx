"use client";

import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormAction } from "@/components/ui/form-state";

export function CreateTokenForm({ action: createToken }: { action: FormAction }) {
  const [state, action] = useActionState(createToken, null);
  const fields = state && !state.ok ? state.fields : undefined;
  const token = state?.ok ? state.data?.token : undefined;
  return (
    <div className="flex flex-col gap-3">
      <form action={action} className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="grow">
          <Field
            label="Token name"
            name="name"
            required
            maxLength={64}
            placeholder="e.g. my script"
            errors={fields?.name}
          />
        </div>
        <SubmitButton pendingText="Creating…">Create token</SubmitButton>
      </form>
      <FormMessage state={state} />
      {token && (
        <div className="rounded-md border border-amber-300 bg-amber-50 p-3">
          <label htmlFor="new-token" className="text-sm font-medium">
            Your new token
          </label>
          <input
            id="new-token"
            readOnly
            value={token}
            data-testid="new-token"
            className="mt-1 w-full rounded border border-slate-300 px-2 py-1 font-mono text-sm"
            onFocus={(e) => e.currentTarget.select()}
          />
          <p className="mt-1 text-xs text-slate-700">
            Send it as <code>Authorization: Bearer &lt;token&gt;</code>.
          </p>
        </div>
      )}
    </div>
  );
}

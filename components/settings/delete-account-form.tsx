"use client";

import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormAction } from "@/components/ui/form-state";

/** Deleting the account: the password and an explicit "I understand" are the confirm step. */
export function DeleteAccountForm({
  handle,
  action: deleteAccount,
}: {
  handle: string;
  action: FormAction;
}) {
  const [state, action] = useActionState(deleteAccount, null);
  const fields = state && !state.ok ? state.fields : undefined;
  return (
    <form action={action} className="flex flex-col gap-3" aria-describedby="delete-account-effects">
      <Field
        label="Your password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        maxLength={200}
        hint={`To confirm that you, ${handle}, want this.`}
        errors={fields?.password}
      />
      <div className="flex items-start gap-2">
        <input
          id="delete-account-understood"
          name="understood"
          type="checkbox"
          required
          className="mt-1 size-4"
        />
        <label htmlFor="delete-account-understood" className="text-sm text-slate-800">
          I understand that my account is deleted for good and cannot be restored.
        </label>
      </div>
      <div>
        <SubmitButton variant="danger" pendingText="Deleting your account…">
          Delete my account
        </SubmitButton>
      </div>
      <FormMessage state={state} />
    </form>
  );
}

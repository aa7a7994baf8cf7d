"use client";

import { useActionState } from "react";
import { ConfirmSubmitButton } from "./confirm-submit-button";
import type { FormAction } from "./form-state";

/**
 * One destructive button bound to a server action (revoke, delete): asks first, and shows
 * the action's failure next to the button instead of dropping it. On success the page
 * revalidates and the row changes, so there is nothing to say.
 */
export function ConfirmActionForm({
  action,
  children,
  question,
  pendingText,
  label,
}: {
  action: FormAction;
  children: React.ReactNode;
  question: string;
  pendingText?: string;
  label?: string;
}) {
  const [state, formAction] = useActionState(action, null);
  return (
    <div className="flex flex-col gap-1 sm:items-end">
      <form action={formAction}>
        <ConfirmSubmitButton question={question} pendingText={pendingText} label={label}>
          {children}
        </ConfirmSubmitButton>
      </form>
      {state && !state.ok && (
        <p role="alert" className="text-sm text-red-700" data-testid="action-error">
          {state.message}
        </p>
      )}
    </div>
  );
}

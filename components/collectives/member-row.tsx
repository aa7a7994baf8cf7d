"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { ConfirmSubmitButton } from "@/components/ui/confirm-submit-button";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormAction } from "@/components/ui/form-state";
import { roles, type Role } from "@/lib/permissions";

/**
 * One person in the roster with the organizer's controls; the page passes its changeRoleAction
 * and removeMemberAction bound to this person.
 */
export function ManagedMemberRow(p: {
  id: string;
  handle: string;
  role: Role;
  isSelf: boolean;
  changeRole: FormAction;
  remove: FormAction;
}) {
  const [roleState, roleAction] = useActionState(p.changeRole, null);
  const [removeState, removeAction] = useActionState(p.remove, null);
  return (
    <li
      className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between"
      data-testid="member-row"
    >
      <span className="font-medium">
        {p.handle}
        {p.isSelf ? " (you)" : ""}
      </span>
      <div className="flex flex-wrap items-center gap-2">
        <form action={roleAction} className="flex items-center gap-2">
          <label className="sr-only" htmlFor={`role-${p.id}`}>
            Role of {p.handle}
          </label>
          <select
            id={`role-${p.id}`}
            name="role"
            defaultValue={p.role}
            className="rounded-md border border-slate-300 bg-white px-2 py-2 text-sm"
          >
            {roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <SubmitButton variant="secondary" pendingText="Saving…">
            Save role
          </SubmitButton>
        </form>
        <form action={removeAction}>
          <ConfirmSubmitButton
            question={
              p.isSelf
                ? "Leave this collective? Your campaign records here are deleted."
                : `Remove ${p.handle}? Their campaign records here are deleted.`
            }
            pendingText="Removing…"
            label={p.isSelf ? "Leave this collective" : `Remove ${p.handle}`}
          >
            {p.isSelf ? "Leave" : "Remove"}
          </ConfirmSubmitButton>
        </form>
      </div>
      <div className="sm:basis-full">
        <FormMessage state={roleState ?? removeState} />
      </div>
    </li>
  );
}

/** `leave` is the page's removeMemberAction bound to the signed-in person. */
export function LeaveButton({ leave }: { leave: FormAction }) {
  const [state, action] = useActionState(leave, null);
  return (
    <form action={action} className="flex flex-col gap-2">
      <ConfirmSubmitButton
        question="Leave this collective? Your campaign records here are deleted."
        pendingText="Leaving…"
      >
        Leave this collective
      </ConfirmSubmitButton>
      <FormMessage state={state} />
    </form>
  );
}

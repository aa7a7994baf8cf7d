"use client";

import { useActionState, useState } from "react";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SelectField } from "@/components/ui/select-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/components/ui/form-state";

const roleOptions = [
  { value: "member", label: "Member" },
  { value: "facilitator", label: "Facilitator" },
  { value: "organizer", label: "Organizer" },
] as const;

/** `action` is the page's createInviteAction, bound to the collective. */
export function CreateInviteForm({ action: createInvite }: { action: FormAction }) {
  const [state, action] = useActionState(createInvite, null);
  const [copied, setCopied] = useState(false);
  const fields = state && !state.ok ? state.fields : undefined;
  const url = state?.ok ? state.data?.url : undefined;
  return (
    <div className="flex flex-col gap-4">
      <form action={action} className="grid gap-4 sm:grid-cols-3">
        <SelectField
          label="Role"
          name="role"
          options={roleOptions}
          defaultValue="member"
          errors={fields?.role}
        />
        <Field
          label="Expires in (hours)"
          name="expiresInHours"
          type="number"
          min={1}
          max={2160}
          defaultValue={168}
          errors={fields?.expiresInHours}
        />
        <Field
          label="Uses allowed"
          name="maxUses"
          type="number"
          min={1}
          max={1000}
          defaultValue={10}
          errors={fields?.maxUses}
        />
        <div className="sm:col-span-3">
          <SubmitButton pendingText="Creating…">Create invite link</SubmitButton>
        </div>
      </form>
      <FormMessage state={state} />
      {url && (
        <div className="flex flex-col gap-2 rounded-md border border-amber-300 bg-amber-50 p-3">
          <label htmlFor="invite-url" className="text-sm font-medium">
            Invite link
          </label>
          <input
            id="invite-url"
            readOnly
            value={url}
            data-testid="invite-url"
            className="w-full rounded border border-slate-300 px-2 py-1 font-mono text-sm"
            onFocus={(e) => e.currentTarget.select()}
          />
          <Button
            type="button"
            variant="secondary"
            onClick={() => void navigator.clipboard?.writeText(url).then(() => setCopied(true))}
          >
            {copied ? "Copied" : "Copy link"}
          </Button>
        </div>
      )}
    </div>
  );
}

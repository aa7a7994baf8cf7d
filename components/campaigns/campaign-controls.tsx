"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/components/ui/form-state";
import type { CampaignStatus } from "@/lib/data/campaigns";

/**
 * Launch, pause and end (organizers), one-shot, so a server action: `changeStatus` is the
 * page's changeCampaignStatusAction, bound to the campaign; the button pressed is its `intent`.
 * Ending asks first: members then get unwind instructions.
 */
export function CampaignControls({
  status,
  changeStatus,
  authorisingSessions = [],
}: {
  status: CampaignStatus;
  changeStatus: FormAction;
  authorisingSessions?: { id: string; title: string }[];
}) {
  const [state, action, isPending] = useActionState(changeStatus, null);
  return (
    <form action={action} className="flex flex-wrap items-end gap-2">
      {status === "draft" && authorisingSessions.length > 0 && (
        <div className="flex flex-col gap-1">
          <label htmlFor="authorised-by" className="text-sm font-medium">
            Authorised by
          </label>
          <select
            id="authorised-by"
            name="sessionId"
            defaultValue=""
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
          >
            <option value="">No consent round</option>
            {authorisingSessions.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </div>
      )}
      {(status === "draft" || status === "paused") && (
        <Button type="submit" name="intent" value="launch" disabled={isPending}>
          {status === "draft" ? "Launch" : "Resume"}
        </Button>
      )}
      {status === "launched" && (
        <Button type="submit" name="intent" value="pause" variant="secondary" disabled={isPending}>
          Pause
        </Button>
      )}
      {status !== "ended" && (
        <Button
          type="submit"
          name="intent"
          value="end"
          variant="danger"
          disabled={isPending}
          onClick={(e) => {
            if (
              !window.confirm("End the campaign? Members will be told how to undo their changes.")
            )
              e.preventDefault();
          }}
        >
          End campaign
        </Button>
      )}
      <p aria-live="polite" className="text-sm text-red-700">
        {state && !state.ok ? state.message : ""}
      </p>
    </form>
  );
}

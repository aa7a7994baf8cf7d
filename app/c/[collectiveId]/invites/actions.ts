"use server";

import { headers } from "next/headers";
import { requestOrigin } from "@/lib/api/request-origin";
import { authedAction } from "@/lib/actions/authed-action";
import { createInvite, revokeInvite } from "@/lib/data/invites";
import type { FormState } from "@/components/ui/form-state";

/** Forwarded headers count only behind a trusted proxy (CONCERT_TRUST_PROXY=1). */
async function origin(): Promise<string> {
  return requestOrigin(await headers()).origin;
}

export async function createInviteAction(
  collectiveId: string,
  _prev: FormState,
  form: FormData,
): Promise<FormState> {
  const input = {
    role: form.get("role"),
    expiresInHours: form.get("expiresInHours"),
    maxUses: form.get("maxUses"),
  };
  return authedAction(
    async ({ db, actor }) => createInvite(db, actor, collectiveId, input, await origin()),
    {
      revalidate: `/c/${collectiveId}/invites`,
      onSuccess: (invite) => ({
        ok: true,
        message: "Invite created. Copy the link now: it is shown only once.",
        data: { url: invite.url },
      }),
    },
  );
}

export async function revokeInviteAction(
  collectiveId: string,
  inviteId: string,
  _prev: FormState,
): Promise<FormState> {
  return authedAction(({ db, actor }) => revokeInvite(db, actor, collectiveId, inviteId), {
    revalidate: `/c/${collectiveId}/invites`,
    onSuccess: () => ({ ok: true, message: "Invite revoked." }),
  });
}

"use server";

import { authedAction } from "@/lib/actions/authed-action";
import { acceptInvite } from "@/lib/data/invites";
import type { FormState } from "@/components/ui/form-state";

/** Joins through an invite link; on success `data.collectiveId` says where the caller goes. */
export async function acceptInviteAction(token: string): Promise<FormState> {
  return authedAction(({ db, actor }) => acceptInvite(db, actor, token), {
    onSuccess: (joined) => ({ ok: true, data: { collectiveId: joined.collectiveId } }),
  });
}

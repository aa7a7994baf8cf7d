"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { requestOrigin } from "@/lib/api/request-origin";
import { getDb } from "@/lib/data/db";
import { getSessionActor } from "@/lib/auth/session";
import { createInvite, revokeInvite } from "@/lib/data/invites";
import type { FormState } from "@/components/ui/form-state";

const expired: FormState = { ok: false, message: "Your session has ended. Sign in again." };

/** Forwarded headers count only behind a trusted proxy (CONCERT_TRUST_PROXY=1). */
async function origin(): Promise<string> {
  return requestOrigin(await headers()).origin;
}

export async function createInviteAction(collectiveId: string, _prev: FormState, form: FormData): Promise<FormState> {
  const actor = await getSessionActor();
  if (!actor) return expired;
  const result = await createInvite(
    await getDb(),
    actor,
    collectiveId,
    { role: form.get("role"), expiresInHours: form.get("expiresInHours"), maxUses: form.get("maxUses") },
    await origin(),
  );
  if (!result.ok) return { ok: false, message: result.message, fields: result.fields };
  revalidatePath(`/c/${collectiveId}/invites`);
  return { ok: true, message: "Invite created. Copy the link now: it is shown only once.", data: { url: result.value.url } };
}

export async function revokeInviteAction(collectiveId: string, inviteId: string): Promise<void> {
  const actor = await getSessionActor();
  if (!actor) return;
  await revokeInvite(await getDb(), actor, collectiveId, inviteId);
  revalidatePath(`/c/${collectiveId}/invites`);
}

"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { getDb } from "@/lib/data/db";
import { getSessionActor } from "@/lib/auth/session";
import { createInvite, revokeInvite } from "@/lib/data/invites";
import type { FormState } from "@/components/ui/form-state";

const expired: FormState = { ok: false, message: "Your session has ended. Sign in again." };

async function origin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost";
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}`;
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

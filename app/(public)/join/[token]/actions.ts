"use server";

import { getDb } from "@/lib/data/db";
import { getSessionActor } from "@/lib/auth/session";
import { acceptInvite } from "@/lib/data/invites";

export type AcceptState = { ok: true; collectiveId: string } | { ok: false; message: string };

/** Joins through an invite link; the caller navigates to the collective. */
export async function acceptInviteAction(token: string): Promise<AcceptState> {
  const actor = await getSessionActor();
  if (!actor) return { ok: false, message: "Sign in first." };
  const result = await acceptInvite(await getDb(), actor, token);
  return result.ok ? { ok: true, collectiveId: result.value.collectiveId } : { ok: false, message: result.message };
}

"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/data/db";
import { getSessionActor } from "@/lib/auth/session";
import { changeMemberRole, removeMember } from "@/lib/data/members";
import type { FormState } from "@/components/ui/form-state";

const expired: FormState = { ok: false, message: "Your session has ended. Sign in again." };

export async function changeRoleAction(collectiveId: string, userId: string, _prev: FormState, form: FormData): Promise<FormState> {
  const actor = await getSessionActor();
  if (!actor) return expired;
  const result = await changeMemberRole(await getDb(), actor, collectiveId, userId, { role: form.get("role") });
  if (!result.ok) return { ok: false, message: result.message, fields: result.fields };
  revalidatePath(`/c/${collectiveId}/members`);
  return { ok: true, message: `${result.value.handle} is now ${result.value.role}` };
}

export async function removeMemberAction(collectiveId: string, userId: string, _prev: FormState): Promise<FormState> {
  const actor = await getSessionActor();
  if (!actor) return expired;
  const result = await removeMember(await getDb(), actor, collectiveId, userId);
  if (!result.ok) return { ok: false, message: result.message };
  if (userId === actor.userId) redirect("/");
  revalidatePath(`/c/${collectiveId}/members`);
  return { ok: true, message: "Removed" };
}

"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/lib/data/db";
import { clearSessionCookie, getSessionActor } from "@/lib/auth/session";
import { deleteMyAccount } from "@/lib/data/account-deletion";
import { signOutEverywhere } from "@/lib/data/account-sessions";
import type { FormState } from "@/components/ui/form-state";

export async function signOutEverywhereAction(): Promise<void> {
  const actor = await getSessionActor();
  if (actor) await signOutEverywhere(await getDb(), actor);
  // This browser's session row is gone too; drop its cookie as well.
  await clearSessionCookie();
  redirect("/sign-in");
}

export async function deleteAccountAction(_prev: FormState, form: FormData): Promise<FormState> {
  const actor = await getSessionActor();
  if (!actor) return { ok: false, message: "Your session has ended. Sign in again." };
  const result = await deleteMyAccount(await getDb(), actor, { password: form.get("password") });
  if (!result.ok) return { ok: false, message: result.message, fields: result.fields };
  await clearSessionCookie();
  redirect("/settings/account/deleted");
}

"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/data/db";
import { getSessionActor } from "@/lib/auth/session";
import { createApiToken, revokeApiToken } from "@/lib/data/accounts";
import type { FormState } from "@/components/ui/form-state";

export async function createTokenAction(_prev: FormState, form: FormData): Promise<FormState> {
  const actor = await getSessionActor();
  if (!actor) return { ok: false, message: "Your session has ended. Sign in again." };
  const result = await createApiToken(await getDb(), actor, form.get("name"));
  if (!result.ok) return { ok: false, message: result.message, fields: result.fields };
  revalidatePath("/settings/tokens");
  return { ok: true, message: "Copy the token now: it is shown only once.", data: { token: result.value.token } };
}

export async function revokeTokenAction(tokenId: string): Promise<void> {
  const actor = await getSessionActor();
  if (!actor) return;
  await revokeApiToken(await getDb(), actor, tokenId);
  revalidatePath("/settings/tokens");
}

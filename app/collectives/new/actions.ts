"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/lib/data/db";
import { getSessionActor } from "@/lib/auth/session";
import { createCollective } from "@/lib/data/collectives";
import type { FormState } from "@/components/ui/form-state";

export async function createCollectiveAction(_prev: FormState, form: FormData): Promise<FormState> {
  const actor = await getSessionActor();
  if (!actor) return { ok: false, message: "Your session has ended. Sign in again." };
  const result = await createCollective(await getDb(), actor, {
    name: form.get("name"),
    description: form.get("description") ?? "",
    platform: form.get("platform") ?? "",
  });
  if (!result.ok) return { ok: false, message: result.message, fields: result.fields };
  redirect(`/c/${result.value.id}`);
}

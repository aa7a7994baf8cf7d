"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/lib/data/db";
import { getSessionActor } from "@/lib/auth/session";
import { createSession } from "@/lib/data/sessions";
import type { FormState } from "@/components/ui/form-state";

const lines = (v: FormDataEntryValue | null) =>
  String(v ?? "")
    .split("\n")
    .map((s) => s.trim())
    .filter(Boolean);

export async function createSessionAction(collectiveId: string, _prev: FormState, form: FormData): Promise<FormState> {
  const actor = await getSessionActor();
  if (!actor) return { ok: false, message: "Your session has ended. Sign in again." };
  const format = String(form.get("format") ?? "");
  const result = await createSession(await getDb(), actor, collectiveId, {
    title: form.get("title"),
    format,
    prompt: form.get("prompt"),
    options: format === "dots" ? lines(form.get("items")) : undefined,
    seedStatements: format === "statements" ? lines(form.get("items")) : undefined,
    dots: format === "dots" ? form.get("dots") || undefined : undefined,
    moderated: form.get("moderated") === "on",
    closesAt: form.get("closesAt") || undefined,
    optionsFromSessionId: format === "dots" ? form.get("optionsFromSessionId") || undefined : undefined,
  });
  if (!result.ok) return { ok: false, message: result.message, fields: result.fields };
  redirect(`/c/${collectiveId}/sessions/${result.value.id}`);
}

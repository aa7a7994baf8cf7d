"use server";

import { redirect } from "next/navigation";
import { authedAction } from "@/lib/actions/authed-action";
import { createSession } from "@/lib/data/sessions";
import type { FormState } from "@/components/ui/form-state";
import { formText } from "@/lib/validation/form-data";

const lines = (v: FormDataEntryValue | null) =>
  (typeof v === "string" ? v : "")
    .split("\n")
    .map((s) => s.trim())
    .filter(Boolean);

export async function createSessionAction(
  collectiveId: string,
  _prev: FormState,
  form: FormData,
): Promise<FormState> {
  const format = String(formText(form, "format"));
  const input = {
    title: form.get("title"),
    format,
    prompt: form.get("prompt"),
    options: format === "dots" ? lines(form.get("items")) : undefined,
    seedStatements: format === "statements" ? lines(form.get("items")) : undefined,
    dots: format === "dots" ? form.get("dots") || undefined : undefined,
    moderated: form.get("moderated") === "on",
    closesAt: form.get("closesAt") || undefined,
    optionsFromSessionId:
      format === "dots" ? form.get("optionsFromSessionId") || undefined : undefined,
  };
  return authedAction(({ db, actor }) => createSession(db, actor, collectiveId, input), {
    onSuccess: (session) => redirect(`/c/${collectiveId}/sessions/${session.id}`),
  });
}

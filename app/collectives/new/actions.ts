"use server";

import { redirect } from "next/navigation";
import { authedAction } from "@/lib/actions/authed-action";
import { createCollective } from "@/lib/data/collectives";
import type { FormState } from "@/components/ui/form-state";

export async function createCollectiveAction(_prev: FormState, form: FormData): Promise<FormState> {
  return authedAction(
    ({ db, actor }) =>
      createCollective(db, actor, {
        name: form.get("name"),
        description: form.get("description") ?? "",
        platform: form.get("platform") ?? "",
      }),
    { onSuccess: (collective) => redirect(`/c/${collective.id}`) },
  );
}

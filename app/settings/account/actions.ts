"use server";

import { redirect } from "next/navigation";
import { clearSessionCookie } from "@/lib/auth/session";
import { authedAction } from "@/lib/actions/authed-action";
import { deleteMyAccount } from "@/lib/data/account-deletion";
import { signOutEverywhere } from "@/lib/data/account-sessions";
import { ok } from "@/lib/errors";
import type { FormState } from "@/components/ui/form-state";

export async function signOutEverywhereAction(): Promise<void> {
  // Signed out already (no live session) is as good as done: either way this browser ends signed out.
  await authedAction(async ({ db, actor }) => ok(await signOutEverywhere(db, actor)));
  // This browser's session row is gone too; drop its cookie as well.
  await clearSessionCookie();
  redirect("/sign-in");
}

export async function deleteAccountAction(_prev: FormState, form: FormData): Promise<FormState> {
  return authedAction(
    ({ db, actor }) => deleteMyAccount(db, actor, { password: form.get("password") }),
    {
      onSuccess: async () => {
        await clearSessionCookie();
        redirect("/settings/account/deleted");
      },
    },
  );
}

"use server";

import { authedAction } from "@/lib/actions/authed-action";
import { createApiToken, revokeApiToken } from "@/lib/data/accounts";
import type { FormState } from "@/components/ui/form-state";

export async function createTokenAction(_prev: FormState, form: FormData): Promise<FormState> {
  return authedAction(({ db, actor }) => createApiToken(db, actor, form.get("name")), {
    revalidate: "/settings/tokens",
    onSuccess: (t) => ({
      ok: true,
      message: "Copy the token now: it is shown only once.",
      data: { token: t.token },
    }),
  });
}

export async function revokeTokenAction(tokenId: string, _prev: FormState): Promise<FormState> {
  return authedAction(({ db, actor }) => revokeApiToken(db, actor, tokenId), {
    revalidate: "/settings/tokens",
    onSuccess: () => ({ ok: true, message: "Token revoked." }),
  });
}

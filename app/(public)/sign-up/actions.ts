"use server";

import { getDb } from "@/lib/data/db";
import { toFormState } from "@/lib/actions/authed-action";
import { signUp } from "@/lib/data/accounts";
import type { FormState } from "@/components/ui/form-state";

/** Creates the account (nobody is signed in yet, so no authedAction); the form then signs in with the same credentials. */
export async function signUpAction(input: {
  handle: string;
  password: string;
  email: string;
}): Promise<FormState> {
  const result = await signUp(await getDb(), input);
  return result.ok ? { ok: true } : toFormState(result);
}

"use server";

import { getDb } from "@/lib/data/db";
import { signUp } from "@/lib/data/accounts";
import type { FormState } from "@/components/ui/form-state";

/** Creates the account; the form then signs in with the same credentials. */
export async function signUpAction(input: { handle: string; password: string; email: string }): Promise<FormState> {
  const result = await signUp(await getDb(), input);
  if (result.ok) return { ok: true };
  return { ok: false, message: result.message, fields: result.fields };
}

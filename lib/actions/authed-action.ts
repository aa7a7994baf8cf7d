import "server-only";
import { revalidatePath } from "next/cache";
import { getDb, type Db } from "@/db";
import { getSessionActor } from "@/lib/auth/session";
import type { Actor } from "@/lib/data/accounts";
import type { Failure, Result } from "@/lib/errors";
// Type-only: the form state is the contract between an action and its form component.
import type { FormState } from "@/components/ui/form-state";

interface ActionContext {
  db: Db;
  actor: Actor;
}

/** What every form shows when the session cookie no longer names a live session. */
export const SESSION_ENDED: FormState = {
  ok: false,
  message: "Your session has ended. Sign in again.",
};

/** An expected failure as its form shows it: one line, and messages next to the fields. */
export function toFormState(failure: Failure): FormState {
  return {
    ok: false,
    message: failure.message,
    ...(failure.fields ? { fields: failure.fields } : {}),
  };
}

interface AuthedActionOptions<T> {
  /** Pages whose data the change touches, revalidated after a success (and only then). */
  revalidate?: string | string[];
  /** The success state (default `{ ok: true }`); may `redirect()`, which Next throws. */
  onSuccess?: (value: T, c: ActionContext) => FormState | Promise<FormState>;
}

/**
 * The twin of `authedRoute` for server actions: resolves who is asking from the session
 * cookie and the database, runs one `lib/data` use-case, and maps its Result to the form
 * state, so a failure always reaches the form instead of being dropped.
 *
 * It is called inside each action rather than wrapped around it, because Next's compiler
 * accepts only functions declared `async` as exports of a "use server" file:
 *
 * ```ts
 * export async function revokeTokenAction(tokenId: string, _prev: FormState): Promise<FormState> {
 *   return authedAction(({ db, actor }) => revokeApiToken(db, actor, tokenId), { revalidate: "/settings/tokens" });
 * }
 * ```
 *
 * Unexpected errors still throw: the route's error.tsx shows them and the server logs them.
 */
export async function authedAction<T>(
  run: (c: ActionContext) => Promise<Result<T>>,
  options: AuthedActionOptions<T> = {},
): Promise<FormState> {
  const actor = await getSessionActor();
  if (!actor) return SESSION_ENDED;
  const c: ActionContext = { db: await getDb(), actor };
  const result = await run(c);
  if (!result.ok) return toFormState(result);
  for (const path of [options.revalidate ?? []].flat()) revalidatePath(path);
  return options.onSuccess ? options.onSuccess(result.value, c) : { ok: true };
}

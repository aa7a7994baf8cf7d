import "server-only";
import type { Db } from "@/db";
import { countLiveAuthSessions, deleteCredentialsOfUser } from "@/db/queries/auth-sessions";
import { forgetActorsOf } from "@/lib/auth/actor-cache";
import type { Actor } from "./accounts";

/**
 * "Sign out everywhere": ends every browser session of the person (this one too) and
 * revokes every API token, for when a device or a cookie may be in someone else's hands.
 */
export async function signOutEverywhere(
  db: Db,
  actor: Actor,
): Promise<{ sessions: number; tokens: number }> {
  const revoked = await deleteCredentialsOfUser(db, { userId: actor.userId });
  forgetActorsOf(actor.userId);
  return revoked;
}

/** How many browsers the person is signed in on (this one included). */
export async function countMySessions(db: Db, actor: Actor): Promise<number> {
  return countLiveAuthSessions(db, { userId: actor.userId });
}

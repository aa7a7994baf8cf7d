import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { findUserById } from "@/db/queries/accounts";
import { actorFromApiToken, type Actor } from "@/lib/data/accounts";
import { authOptions } from "./options";

/** The signed-in user from the session cookie, checked against the database (deleted users are out). */
export async function getSessionActor(): Promise<Actor | null> {
  const session = await getServerSession(authOptions());
  const userId = session && "userId" in session && typeof session.userId === "string" ? session.userId : null;
  if (!userId) return null;
  const user = await findUserById(await getDb(), userId);
  return user ? { userId: user.id, handle: user.handle } : null;
}

/** For pages: the actor, or a redirect to sign-in that comes back here. */
export async function requireSessionActor(returnTo: string): Promise<Actor> {
  const actor = await getSessionActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return actor;
}

/**
 * For the API: `Authorization: Bearer <token>` when present (a bad token is not silently
 * replaced by the cookie), else the session cookie.
 */
export async function getRequestActor(req: Request): Promise<Actor | null> {
  const auth = req.headers.get("authorization");
  if (auth) {
    const match = /^Bearer\s+(\S+)$/i.exec(auth);
    return match?.[1] ? actorFromApiToken(await getDb(), match[1]) : null;
  }
  // No cookie, no session: skip next-auth entirely.
  if (!req.headers.get("cookie")) return null;
  return getSessionActor();
}


import { and, count, eq, gt, lte, sql } from "drizzle-orm";
import type { Db } from "../open";
import { apiTokens, authSessions, users } from "../schema";

/**
 * A person's credentials: signed-in browser sessions (one row per sign-in, named by the JWT),
 * API tokens, and the password hash used to confirm destructive requests.
 */

/** Records a sign-in; the returned id goes into the JWT as `sid`. */
export async function insertAuthSession(db: Db, p: { userId: string; expiresAt: Date }) {
  const [row] = await db.insert(authSessions).values(p).returning({ id: authSessions.id });
  if (!row) throw new Error("auth session insert returned no row");
  return row;
}

/**
 * The user behind a session, only while its row exists, belongs to that user and has not
 * expired (an expired row counts as gone); with the row's expiry, which a cache must honour.
 */
export async function findUserOfLiveAuthSession(db: Db, p: { sessionId: string; userId: string }) {
  const rows = await db
    .select({ id: users.id, handle: users.handle, expiresAt: authSessions.expiresAt })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .where(
      and(
        eq(authSessions.id, p.sessionId),
        eq(authSessions.userId, p.userId),
        gt(authSessions.expiresAt, sql`now()`),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/** How many browsers the person is signed in on right now. */
export async function countLiveAuthSessions(db: Db, p: { userId: string }) {
  const [row] = await db
    .select({ n: count() })
    .from(authSessions)
    .where(and(eq(authSessions.userId, p.userId), gt(authSessions.expiresAt, sql`now()`)));
  return row?.n ?? 0;
}

/** Ends one session; returns whose it was (null when it was already gone). */
export async function deleteAuthSession(db: Db, p: { sessionId: string }) {
  const [row] = await db
    .delete(authSessions)
    .where(eq(authSessions.id, p.sessionId))
    .returning({ userId: authSessions.userId });
  return row?.userId ?? null;
}

/** Housekeeping at sign-in: a person's expired rows are of no further use. */
export async function deleteExpiredAuthSessionsOfUser(db: Db, p: { userId: string }) {
  await db
    .delete(authSessions)
    .where(and(eq(authSessions.userId, p.userId), lte(authSessions.expiresAt, sql`now()`)));
}

/** Revokes every session and every API token of a person; returns how many of each. */
export async function deleteCredentialsOfUser(db: Db, p: { userId: string }) {
  const sessions = await db
    .delete(authSessions)
    .where(eq(authSessions.userId, p.userId))
    .returning({ id: authSessions.id });
  const tokens = await db
    .delete(apiTokens)
    .where(eq(apiTokens.userId, p.userId))
    .returning({ id: apiTokens.id });
  return { sessions: sessions.length, tokens: tokens.length };
}

/** Only to check a password the person typed to confirm; never leaves lib/. */
export async function findPasswordHashOfUser(db: Db, p: { userId: string }) {
  const rows = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, p.userId))
    .limit(1);
  return rows[0]?.passwordHash ?? null;
}

/** Deletes the account row; memberships, tokens and sessions go with it (foreign keys). */
export async function deleteUserRow(db: Db, p: { userId: string }) {
  const rows = await db.delete(users).where(eq(users.id, p.userId)).returning({ id: users.id });
  return rows.length > 0;
}

import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../open";
import { apiTokens, users } from "../schema";

export async function insertUser(
  db: Db,
  p: { handle: string; handleKey: string; email: string | null; passwordHash: string },
) {
  const rows = await db
    .insert(users)
    .values(p)
    .onConflictDoNothing()
    .returning({ id: users.id, handle: users.handle });
  return rows[0] ?? null;
}

export async function findUserByHandleKey(db: Db, handleKey: string) {
  const rows = await db.select().from(users).where(eq(users.handleKey, handleKey)).limit(1);
  return rows[0] ?? null;
}

/** Emails are not unique (see the schema): a few accounts may share one. */
export async function findUsersByEmail(db: Db, email: string, limit = 3) {
  return db
    .select()
    .from(users)
    .where(eq(users.email, email))
    .orderBy(users.createdAt)
    .limit(limit);
}

export async function insertApiToken(
  db: Db,
  p: { userId: string; name: string; tokenHash: string },
) {
  const rows = await db
    .insert(apiTokens)
    .values(p)
    .returning({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt });
  return rows[0] ?? null;
}

export async function listApiTokens(db: Db, p: { userId: string }) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, p.userId))
    .orderBy(apiTokens.createdAt);
}

/** Deletes a token only when it belongs to the user; returns whether one was deleted. */
export async function deleteApiToken(db: Db, p: { userId: string; tokenId: string }) {
  const rows = await db
    .delete(apiTokens)
    .where(and(eq(apiTokens.id, p.tokenId), eq(apiTokens.userId, p.userId)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

/**
 * The user a token belongs to, stamping the token's last use: one statement (an UPDATE
 * joined to users), so resolving a token is one round trip.
 */
export async function findUserByTokenHash(db: Db, tokenHash: string) {
  // The rule wants .where() right after .set(); here it follows .from() (still one token).
  // eslint-disable-next-line drizzle/enforce-update-with-where
  const rows = await db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .from(users)
    .where(and(eq(apiTokens.tokenHash, tokenHash), eq(users.id, apiTokens.userId)))
    .returning({ id: users.id, handle: users.handle });
  return rows[0] ?? null;
}

/** The account's own stored fields (no password hash), for the person's data export. */
export async function findOwnAccount(db: Db, p: { userId: string }) {
  const rows = await db
    .select({ id: users.id, handle: users.handle, email: users.email, createdAt: users.createdAt })
    .from(users)
    .where(eq(users.id, p.userId))
    .limit(1);
  return rows[0] ?? null;
}

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

async function findUserById(db: Db, id: string) {
  const rows = await db
    .select({ id: users.id, handle: users.handle })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  return rows[0] ?? null;
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

export async function findUserByTokenHash(db: Db, tokenHash: string) {
  const rows = await db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(eq(apiTokens.tokenHash, tokenHash))
    .returning({ userId: apiTokens.userId });
  const row = rows[0];
  return row ? findUserById(db, row.userId) : null;
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

import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../open";
import { collectives, invites } from "../schema";

type Role = (typeof invites.$inferSelect)["role"];

export async function insertInvite(
  db: Db,
  p: {
    collectiveId: string;
    tokenHash: string;
    role: Role;
    expiresAt: Date;
    maxUses: number;
    createdBy: string;
  },
) {
  const [row] = await db.insert(invites).values(p).returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

export async function listInvites(db: Db, p: { collectiveId: string }) {
  return db
    .select({
      id: invites.id,
      role: invites.role,
      expiresAt: invites.expiresAt,
      maxUses: invites.maxUses,
      uses: invites.uses,
      revokedAt: invites.revokedAt,
      createdAt: invites.createdAt,
    })
    .from(invites)
    .where(eq(invites.collectiveId, p.collectiveId))
    .orderBy(desc(invites.createdAt));
}

export async function revokeInvite(db: Db, p: { collectiveId: string; inviteId: string }) {
  const rows = await db
    .update(invites)
    .set({ revokedAt: sql`coalesce(${invites.revokedAt}, now())` })
    .where(and(eq(invites.id, p.inviteId), eq(invites.collectiveId, p.collectiveId)))
    .returning({ id: invites.id });
  return rows.length > 0;
}

/** The invite behind a link, with its collective's name for the landing page. */
export async function findInviteByTokenHash(db: Db, tokenHash: string) {
  const rows = await db
    .select({
      id: invites.id,
      collectiveId: invites.collectiveId,
      collectiveName: collectives.name,
      role: invites.role,
      expiresAt: invites.expiresAt,
      maxUses: invites.maxUses,
      uses: invites.uses,
      revokedAt: invites.revokedAt,
    })
    .from(invites)
    .innerJoin(collectives, eq(collectives.id, invites.collectiveId))
    .where(eq(invites.tokenHash, tokenHash))
    .limit(1);
  return rows[0] ?? null;
}

/**
 * Takes one use atomically: succeeds only while the invite is unrevoked, unexpired and
 * under its limit, so concurrent accepts cannot exceed maxUses.
 */
export async function consumeInviteUse(db: Db, p: { inviteId: string }) {
  const rows = await db
    .update(invites)
    .set({ uses: sql`${invites.uses} + 1` })
    .where(
      and(
        eq(invites.id, p.inviteId),
        isNull(invites.revokedAt),
        sql`${invites.expiresAt} > now()`,
        sql`${invites.uses} < ${invites.maxUses}`,
      ),
    )
    .returning({ id: invites.id });
  return rows.length > 0;
}

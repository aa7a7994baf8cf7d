import { and, count, desc, eq, gt, lt, sql } from "drizzle-orm";
import type { Db } from "../open";
import { auditEvents, collectives, memberships, users } from "../schema";
import { preparedPer } from "./prepared";

type Role = (typeof memberships.$inferSelect)["role"];

/** Creates the collective and its first organizer in one transaction. */
export async function insertCollectiveWithOrganizer(
  db: Db,
  p: { name: string; description: string; platform: string; organizerId: string },
) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(collectives)
      .values({ name: p.name, description: p.description, platform: p.platform })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await tx
      .insert(memberships)
      .values({ collectiveId: row.id, userId: p.organizerId, role: "organizer" });
    return row;
  });
}

export async function findCollective(db: Db, p: { collectiveId: string }) {
  const rows = await db
    .select()
    .from(collectives)
    .where(eq(collectives.id, p.collectiveId))
    .limit(1);
  return rows[0] ?? null;
}

const membershipOf = preparedPer((db) =>
  db
    .select({ role: memberships.role, joinedAt: memberships.joinedAt })
    .from(memberships)
    .where(
      and(
        eq(memberships.collectiveId, sql.placeholder("collectiveId")),
        eq(memberships.userId, sql.placeholder("userId")),
      ),
    )
    .limit(1)
    .prepare("find_membership"),
);

/** Asked by every request inside a collective (lib/data/access.ts): prepared once. */
export async function findMembership(db: Db, p: { collectiveId: string; userId: string }) {
  const rows = await membershipOf(db).execute(p);
  return rows[0] ?? null;
}

const collectivesOf = preparedPer((db) =>
  db
    .select({
      id: collectives.id,
      name: collectives.name,
      platform: collectives.platform,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(collectives, eq(collectives.id, memberships.collectiveId))
    .where(eq(memberships.userId, sql.placeholder("userId")))
    .orderBy(collectives.name)
    .prepare("collectives_of_user"),
);

export async function listCollectivesOfUser(db: Db, p: { userId: string }) {
  return collectivesOf(db).execute(p);
}

const memberCountOf = preparedPer((db) =>
  db
    .select({ n: count() })
    .from(memberships)
    .where(eq(memberships.collectiveId, sql.placeholder("collectiveId")))
    .prepare("count_members"),
);

export async function countMembers(db: Db, p: { collectiveId: string }) {
  const [row] = await memberCountOf(db).execute(p);
  return row?.n ?? 0;
}

export async function countOrganizers(db: Db, p: { collectiveId: string }) {
  const [row] = await db
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.collectiveId, p.collectiveId), eq(memberships.role, "organizer")));
  return row?.n ?? 0;
}

/**
 * Members in handle order, a page at a time: `after` is the last handle key of the previous
 * page (keyset paging, so page 1,000 costs what page 1 does). Handles and roles only: never
 * emails or hashes. Not prepared: on PostgreSQL a named statement may switch to a generic
 * plan, which cannot see the limit and may sort the whole roster instead of walking an index.
 */
export async function listMembers(
  db: Db,
  p: { collectiveId: string; after?: string; limit?: number },
) {
  return db
    .select({
      id: users.id,
      handle: users.handle,
      handleKey: users.handleKey,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.collectiveId, p.collectiveId),
        p.after === undefined ? undefined : gt(users.handleKey, p.after),
      ),
    )
    .orderBy(users.handleKey)
    .limit(p.limit ?? 100_000);
}

/** One member of the collective, with their handle (null when not a member). */
export async function findMember(db: Db, p: { collectiveId: string; userId: string }) {
  const rows = await db
    .select({ id: users.id, handle: users.handle, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.collectiveId, p.collectiveId), eq(memberships.userId, p.userId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function insertMembership(
  db: Db,
  p: { collectiveId: string; userId: string; role: Role },
) {
  const rows = await db
    .insert(memberships)
    .values(p)
    .onConflictDoNothing()
    .returning({ role: memberships.role });
  return rows[0] ?? null;
}

export async function updateMembershipRole(
  db: Db,
  p: { collectiveId: string; userId: string; role: Role },
) {
  const rows = await db
    .update(memberships)
    .set({ role: p.role })
    .where(and(eq(memberships.collectiveId, p.collectiveId), eq(memberships.userId, p.userId)))
    .returning({ role: memberships.role });
  return rows[0] ?? null;
}

export async function deleteMembership(db: Db, p: { collectiveId: string; userId: string }) {
  const rows = await db
    .delete(memberships)
    .where(and(eq(memberships.collectiveId, p.collectiveId), eq(memberships.userId, p.userId)))
    .returning({ userId: memberships.userId });
  return rows.length > 0;
}

/**
 * Serialises role changes within one collective (PostgreSQL advisory lock for the
 * transaction), so two organizers demoting each other at once cannot leave none.
 */
export async function lockCollectiveRoster(db: Db, p: { collectiveId: string }) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${"roster:" + p.collectiveId}))`);
}

export async function insertAuditEvent(
  db: Db,
  p: {
    collectiveId: string;
    actorId: string;
    action: string;
    details: Record<string, string | number | boolean | null>;
  },
) {
  await db.insert(auditEvents).values(p);
}

export async function listAuditEvents(
  db: Db,
  p: { collectiveId: string; limit: number; before?: Date },
) {
  const where = p.before
    ? and(eq(auditEvents.collectiveId, p.collectiveId), lt(auditEvents.createdAt, p.before))
    : eq(auditEvents.collectiveId, p.collectiveId);
  return db
    .select({
      id: auditEvents.id,
      action: auditEvents.action,
      details: auditEvents.details,
      createdAt: auditEvents.createdAt,
      actorHandle: users.handle,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(where)
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(p.limit);
}

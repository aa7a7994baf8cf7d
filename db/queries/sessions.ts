import { and, desc, eq, getTableColumns, sql } from "drizzle-orm";
import type { Db } from "../open";
import { deliberationSessions, memberships, sessionItems, sessionVotes } from "../schema";
import { preparedPer } from "./prepared";

type SessionInsert = typeof deliberationSessions.$inferInsert;

export async function insertSession(
  db: Db,
  p: SessionInsert & { collectiveId: string },
  items: string[],
) {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(deliberationSessions).values(p).returning();
    if (!row) throw new Error("insert returned no row");
    if (items.length) {
      await tx
        .insert(sessionItems)
        .values(
          items.map((text, position) => ({ sessionId: row.id, text, isSeed: true, position })),
        );
    }
    return row;
  });
}

export async function listSessions(db: Db, p: { collectiveId: string }) {
  return db
    .select()
    .from(deliberationSessions)
    .where(eq(deliberationSessions.collectiveId, p.collectiveId))
    .orderBy(desc(deliberationSessions.createdAt));
}

/** A session by id alone: callers must check the collective it returns before using it. */
export async function findSession(db: Db, p: { sessionId: string }) {
  const rows = await db
    .select()
    .from(deliberationSessions)
    .where(eq(deliberationSessions.id, p.sessionId))
    .limit(1);
  return rows[0] ?? null;
}

/** Every column of a session but its stored results and outcome (large: see findSessionStoredResults). */
const sessionMetaColumns = (() => {
  const {
    resultsSnapshot: _results,
    outcome: _outcome,
    ...columns
  } = getTableColumns(deliberationSessions);
  return columns;
})();

const sessionForViewer = preparedPer((db) =>
  db
    .select({
      session: sessionMetaColumns,
      role: memberships.role,
      // Count and sum of hashes of every item's id, status, author and text: changes with any
      // statement added, moderated or cut loose from its author, so a copy of the items kept
      // under it (lib/data/session-items.ts) is never stale, on any server.
      itemsFingerprint: sql<string>`(select count(*)::text || ':' || coalesce(sum(hashtext(${sessionItems.id}::text || '|' || ${sessionItems.status}::text || '|' || coalesce(${sessionItems.authorId}::text, '') || '|' || ${sessionItems.text})), 0)::text from ${sessionItems} where ${sessionItems.sessionId} = ${deliberationSessions.id})`,
      // The viewer's own votes only, as {itemId: vote}; null when they cast none.
      myVotes: sql<Record<
        string,
        number
      > | null>`(select json_object_agg(${sessionVotes.itemId}, ${sessionVotes.vote}) from ${sessionVotes} where ${sessionVotes.sessionId} = ${deliberationSessions.id} and ${sessionVotes.userId} = ${sql.placeholder("userId")})`,
    })
    .from(deliberationSessions)
    .leftJoin(
      memberships,
      and(
        eq(memberships.collectiveId, deliberationSessions.collectiveId),
        eq(memberships.userId, sql.placeholder("userId")),
      ),
    )
    .where(eq(deliberationSessions.id, sql.placeholder("sessionId")))
    .limit(1)
    .prepare("session_for_viewer"),
);

/**
 * What a participant's read needs, in one round trip: the session without its stored results
 * and outcome, the viewer's role in its collective (null when they are not a member; callers
 * must apply the access rules to it), a fingerprint of its items and the viewer's own votes.
 */
export async function findSessionForViewer(db: Db, p: { sessionId: string; userId: string }) {
  const rows = await sessionForViewer(db).execute(p);
  return rows[0] ?? null;
}

export async function updateSessionPhase(
  db: Db,
  p: {
    collectiveId: string;
    sessionId: string;
    phase: "draft" | "open" | "closed";
    closesAt: Date | null;
  },
) {
  await db
    .update(deliberationSessions)
    .set({ phase: p.phase, closesAt: p.closesAt })
    .where(
      and(
        eq(deliberationSessions.id, p.sessionId),
        eq(deliberationSessions.collectiveId, p.collectiveId),
      ),
    );
}

export async function saveSessionOutcome(
  db: Db,
  p: { collectiveId: string; sessionId: string; outcome: unknown },
) {
  await db
    .update(deliberationSessions)
    .set({ outcome: p.outcome, outcomeAt: sql`now()` })
    .where(
      and(
        eq(deliberationSessions.id, p.sessionId),
        eq(deliberationSessions.collectiveId, p.collectiveId),
      ),
    );
}

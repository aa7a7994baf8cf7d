import crypto from "node:crypto";
import {
  and,
  asc,
  countDistinct,
  desc,
  eq,
  getTableColumns,
  gt,
  inArray,
  isNull,
  max,
  or,
  sql,
} from "drizzle-orm";
import { union, unionAll, type PgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../open";
import {
  deliberationSessions,
  memberships,
  sessionAllocations,
  sessionItems,
  sessionResponses,
  sessionVotes,
} from "../schema";
import { preparedPer } from "./prepared";

type SessionInsert = typeof deliberationSessions.$inferInsert;
type Position = (typeof sessionResponses.$inferSelect)["position"];
type ItemStatus = (typeof sessionItems.$inferSelect)["status"];

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

/** The stored results of a session with the version they were released as, and its outcome. */
export async function findSessionStoredResults(db: Db, p: { sessionId: string }) {
  const rows = await db
    .select({
      snapshot: deliberationSessions.resultsSnapshot,
      version: deliberationSessions.resultsVersion,
      outcome: deliberationSessions.outcome,
      outcomeAt: deliberationSessions.outcomeAt,
    })
    .from(deliberationSessions)
    .where(eq(deliberationSessions.id, p.sessionId))
    .limit(1);
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

export async function listItems(db: Db, p: { sessionId: string }) {
  return db
    .select()
    .from(sessionItems)
    .where(eq(sessionItems.sessionId, p.sessionId))
    .orderBy(asc(sessionItems.createdAt), asc(sessionItems.position), asc(sessionItems.id));
}

const itemsForView = preparedPer((db) =>
  db
    .select({
      id: sessionItems.id,
      text: sessionItems.text,
      status: sessionItems.status,
      authorId: sessionItems.authorId,
    })
    .from(sessionItems)
    .where(eq(sessionItems.sessionId, sql.placeholder("sessionId")))
    .orderBy(asc(sessionItems.createdAt), asc(sessionItems.position), asc(sessionItems.id))
    .prepare("items_for_view"),
);

/** A session's items in display order, with what a view needs of them (all statuses). */
export async function listItemsForView(db: Db, p: { sessionId: string }) {
  return itemsForView(db).execute(p);
}

export async function insertItem(
  db: Db,
  p: { sessionId: string; text: string; status: ItemStatus; authorId: string },
) {
  const [row] = await db.insert(sessionItems).values(p).returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

export async function setItemStatus(
  db: Db,
  p: { sessionId: string; itemId: string; status: ItemStatus },
) {
  const rows = await db
    .update(sessionItems)
    .set({ status: p.status })
    .where(and(eq(sessionItems.id, p.itemId), eq(sessionItems.sessionId, p.sessionId)))
    .returning({ id: sessionItems.id });
  return rows.length > 0;
}

export async function upsertVote(
  db: Db,
  p: { sessionId: string; itemId: string; userId: string; vote: number },
) {
  await db
    .insert(sessionVotes)
    .values(p)
    .onConflictDoUpdate({
      target: [sessionVotes.itemId, sessionVotes.userId],
      set: { vote: p.vote, updatedAt: sql`now()` },
      // Re-sending the same ballot is no change: it must not count towards the next release.
      setWhere: sql`${sessionVotes.vote} is distinct from excluded.vote`,
    });
}

/** Every ballot of a session, for aggregate computations only (never returned as is). */
export async function listVotes(db: Db, p: { sessionId: string }) {
  return db
    .select({ userId: sessionVotes.userId, itemId: sessionVotes.itemId, vote: sessionVotes.vote })
    .from(sessionVotes)
    .where(eq(sessionVotes.sessionId, p.sessionId));
}

export async function upsertAllocation(
  db: Db,
  p: { sessionId: string; userId: string; allocation: { optionId: string; dots: number }[] },
) {
  await db
    .insert(sessionAllocations)
    .values(p)
    .onConflictDoUpdate({
      target: [sessionAllocations.sessionId, sessionAllocations.userId],
      set: { allocation: p.allocation, updatedAt: sql`now()` },
      setWhere: sql`${sessionAllocations.allocation} is distinct from excluded.allocation`,
    });
}

export async function listAllocations(db: Db, p: { sessionId: string }) {
  return db
    .select({ userId: sessionAllocations.userId, allocation: sessionAllocations.allocation })
    .from(sessionAllocations)
    .where(eq(sessionAllocations.sessionId, p.sessionId));
}

/** The viewer's own dot allocation in a session, or null. */
export async function findMyAllocation(db: Db, p: { sessionId: string; userId: string }) {
  const rows = await db
    .select({ allocation: sessionAllocations.allocation })
    .from(sessionAllocations)
    .where(
      and(eq(sessionAllocations.sessionId, p.sessionId), eq(sessionAllocations.userId, p.userId)),
    )
    .limit(1);
  return rows[0] ?? null;
}

export async function upsertResponse(
  db: Db,
  p: { sessionId: string; userId: string; position: Position; reason: string | null },
) {
  await db
    .insert(sessionResponses)
    .values(p)
    .onConflictDoUpdate({
      target: [sessionResponses.sessionId, sessionResponses.userId],
      set: { position: p.position, reason: p.reason, updatedAt: sql`now()` },
      setWhere: sql`(${sessionResponses.position}, ${sessionResponses.reason}) is distinct from (excluded.position, excluded.reason)`,
    });
}

export async function listResponses(db: Db, p: { sessionId: string }) {
  return db
    .select({
      userId: sessionResponses.userId,
      position: sessionResponses.position,
      reason: sessionResponses.reason,
    })
    .from(sessionResponses)
    .where(eq(sessionResponses.sessionId, p.sessionId));
}

/** The viewer's own consent response in a session, or null. */
export async function findMyResponse(db: Db, p: { sessionId: string; userId: string }) {
  const rows = await db
    .select({ position: sessionResponses.position, reason: sessionResponses.reason })
    .from(sessionResponses)
    .where(and(eq(sessionResponses.sessionId, p.sessionId), eq(sessionResponses.userId, p.userId)))
    .limit(1);
  return rows[0] ?? null;
}

/** Who changed a ballot when, across the three ballot tables (a session uses one of them). */
function ballotChanges(db: Db, sessionId: string) {
  return unionAll(
    db
      .select({ userId: sessionVotes.userId, updatedAt: sessionVotes.updatedAt })
      .from(sessionVotes)
      .where(eq(sessionVotes.sessionId, sessionId)),
    db
      .select({ userId: sessionAllocations.userId, updatedAt: sessionAllocations.updatedAt })
      .from(sessionAllocations)
      .where(eq(sessionAllocations.sessionId, sessionId)),
    db
      .select({ userId: sessionResponses.userId, updatedAt: sessionResponses.updatedAt })
      .from(sessionResponses)
      .where(eq(sessionResponses.sessionId, sessionId)),
  ).as("ballot_changes");
}

/**
 * Distinct people who cast or changed a ballot after the session's results were last
 * released (everyone who voted, before the first release), with the version of that
 * release: a caller holding an older copy of the session must re-read it. Compared in SQL,
 * at the database's microsecond precision.
 */
export async function countBallotChangesSinceRelease(
  db: Db,
  p: { collectiveId: string; sessionId: string },
) {
  const changes = ballotChanges(db, p.sessionId);
  // One statement: the count and the version it is relative to come from the same snapshot
  // of the database, even while another request releases.
  const changedSince = db
    .select({ n: countDistinct(changes.userId) })
    .from(changes)
    .where(
      or(
        isNull(deliberationSessions.resultsPublishedAt),
        gt(changes.updatedAt, deliberationSessions.resultsPublishedAt),
      ),
    );
  const [row] = await db
    .select({
      version: deliberationSessions.resultsVersion,
      changed: sql<number>`(${changedSince})`,
    })
    .from(deliberationSessions)
    .where(
      and(
        eq(deliberationSessions.id, p.sessionId),
        eq(deliberationSessions.collectiveId, p.collectiveId),
      ),
    );
  return { changed: Number(row?.changed ?? 0), version: row?.version ?? 0 };
}

/**
 * Stores a release of a session's results, unless another request released one since
 * `expectedVersion` (null releases unconditionally, as closing does). The version check in
 * the UPDATE makes concurrent releases safe: the database lets exactly one of them through.
 *
 * The release mark is the newest ballot change the database holds when the UPDATE runs,
 * taken in SQL. Every ballot the snapshot was computed from (read earlier) is at or before
 * it, so none of them counts again towards the next release; a ballot committed in between
 * may go uncounted, which only makes the next batch larger.
 *
 * Returns the new version, or null when another request released first.
 */
export async function saveResultsRelease(
  db: Db,
  p: { collectiveId: string; sessionId: string; snapshot: unknown; expectedVersion: number | null },
) {
  const changes = ballotChanges(db, p.sessionId);
  const newest = db.select({ at: max(changes.updatedAt) }).from(changes);
  const rows = await db
    .update(deliberationSessions)
    .set({
      resultsSnapshot: p.snapshot,
      resultsPublishedAt: sql`greatest(${deliberationSessions.resultsPublishedAt}, (${newest}))`,
      resultsVersion: sql`${deliberationSessions.resultsVersion} + 1`,
    })
    .where(
      and(
        eq(deliberationSessions.id, p.sessionId),
        eq(deliberationSessions.collectiveId, p.collectiveId),
        p.expectedVersion === null
          ? undefined
          : eq(deliberationSessions.resultsVersion, p.expectedVersion),
      ),
    )
    .returning({ version: deliberationSessions.resultsVersion });
  return rows[0]?.version ?? null;
}

/**
 * Cuts a person's ballots loose from them, for leaving a collective (pass its id) or
 * deleting an account (omit it). In each session they took part in, their votes,
 * allocations and consent responses get ONE fresh random voter id: the same across that
 * session's ballot tables, so opinion groups and tallies stay as they were, and a different
 * one in every session, so their sessions cannot be linked to each other. Statements they
 * wrote in those sessions (in scope) lose their author. Ballots keep their `updated_at`, so
 * this is no ballot change for the release of live results.
 *
 * Works on a transaction as well as on the database (it runs in a nested one).
 */
export async function anonymiseBallots(
  db: Db,
  p: { userId: string; collectiveId?: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const scope = p.collectiveId
      ? tx
          .select({ id: deliberationSessions.id })
          .from(deliberationSessions)
          .where(eq(deliberationSessions.collectiveId, p.collectiveId))
      : undefined;
    const inScope = (column: PgColumn) => (scope ? inArray(column, scope) : undefined);
    const sessions = await union(
      tx
        .select({ sessionId: sessionVotes.sessionId })
        .from(sessionVotes)
        .where(and(eq(sessionVotes.userId, p.userId), inScope(sessionVotes.sessionId))),
      tx
        .select({ sessionId: sessionAllocations.sessionId })
        .from(sessionAllocations)
        .where(and(eq(sessionAllocations.userId, p.userId), inScope(sessionAllocations.sessionId))),
      tx
        .select({ sessionId: sessionResponses.sessionId })
        .from(sessionResponses)
        .where(and(eq(sessionResponses.userId, p.userId), inScope(sessionResponses.sessionId))),
    );
    for (const { sessionId } of sessions) {
      const anonymous = crypto.randomUUID();
      await tx
        .update(sessionVotes)
        .set({ userId: anonymous })
        .where(and(eq(sessionVotes.sessionId, sessionId), eq(sessionVotes.userId, p.userId)));
      await tx
        .update(sessionAllocations)
        .set({ userId: anonymous })
        .where(
          and(eq(sessionAllocations.sessionId, sessionId), eq(sessionAllocations.userId, p.userId)),
        );
      await tx
        .update(sessionResponses)
        .set({ userId: anonymous })
        .where(
          and(eq(sessionResponses.sessionId, sessionId), eq(sessionResponses.userId, p.userId)),
        );
    }
    // Every statement they wrote in scope, voted or not: authorship links as much as a ballot.
    await tx
      .update(sessionItems)
      .set({ authorId: null })
      .where(and(eq(sessionItems.authorId, p.userId), inScope(sessionItems.sessionId)));
  });
}

/** A person's own participation across sessions, for their data export only. */
export async function listParticipationOfUser(db: Db, p: { userId: string }) {
  const votes = await db
    .select({
      session: deliberationSessions.title,
      statement: sessionItems.text,
      vote: sessionVotes.vote,
      at: sessionVotes.updatedAt,
    })
    .from(sessionVotes)
    .innerJoin(sessionItems, eq(sessionItems.id, sessionVotes.itemId))
    .innerJoin(deliberationSessions, eq(deliberationSessions.id, sessionVotes.sessionId))
    .where(eq(sessionVotes.userId, p.userId));
  const statements = await db
    .select({
      session: deliberationSessions.title,
      text: sessionItems.text,
      status: sessionItems.status,
      at: sessionItems.createdAt,
    })
    .from(sessionItems)
    .innerJoin(deliberationSessions, eq(deliberationSessions.id, sessionItems.sessionId))
    .where(eq(sessionItems.authorId, p.userId));
  const allocations = await db
    .select({
      session: deliberationSessions.title,
      allocation: sessionAllocations.allocation,
      at: sessionAllocations.updatedAt,
    })
    .from(sessionAllocations)
    .innerJoin(deliberationSessions, eq(deliberationSessions.id, sessionAllocations.sessionId))
    .where(eq(sessionAllocations.userId, p.userId));
  const responses = await db
    .select({
      session: deliberationSessions.title,
      position: sessionResponses.position,
      reason: sessionResponses.reason,
      at: sessionResponses.updatedAt,
    })
    .from(sessionResponses)
    .innerJoin(deliberationSessions, eq(deliberationSessions.id, sessionResponses.sessionId))
    .where(eq(sessionResponses.userId, p.userId));
  return { votes, statements, allocations, responses };
}

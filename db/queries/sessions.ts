import { and, asc, countDistinct, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../open";
import {
  deliberationSessions,
  sessionAllocations,
  sessionItems,
  sessionResponses,
  sessionVotes,
} from "../schema";

type SessionInsert = typeof deliberationSessions.$inferInsert;
type Position = (typeof sessionResponses.$inferSelect)["position"];
type ItemStatus = (typeof sessionItems.$inferSelect)["status"];

export async function insertSession(db: Db, p: SessionInsert & { collectiveId: string }, items: string[]) {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(deliberationSessions).values(p).returning();
    if (!row) throw new Error("insert returned no row");
    if (items.length) {
      await tx.insert(sessionItems).values(items.map((text, position) => ({ sessionId: row.id, text, isSeed: true, position })));
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
  const rows = await db.select().from(deliberationSessions).where(eq(deliberationSessions.id, p.sessionId)).limit(1);
  return rows[0] ?? null;
}

export async function updateSessionPhase(
  db: Db,
  p: { collectiveId: string; sessionId: string; phase: "draft" | "open" | "closed"; closesAt: Date | null },
) {
  await db
    .update(deliberationSessions)
    .set({ phase: p.phase, closesAt: p.closesAt })
    .where(and(eq(deliberationSessions.id, p.sessionId), eq(deliberationSessions.collectiveId, p.collectiveId)));
}

export async function saveSessionOutcome(db: Db, p: { collectiveId: string; sessionId: string; outcome: unknown }) {
  await db
    .update(deliberationSessions)
    .set({ outcome: p.outcome, outcomeAt: sql`now()` })
    .where(and(eq(deliberationSessions.id, p.sessionId), eq(deliberationSessions.collectiveId, p.collectiveId)));
}

export async function listItems(db: Db, p: { sessionId: string }) {
  return db
    .select()
    .from(sessionItems)
    .where(eq(sessionItems.sessionId, p.sessionId))
    .orderBy(asc(sessionItems.createdAt), asc(sessionItems.position), asc(sessionItems.id));
}

export async function insertItem(db: Db, p: { sessionId: string; text: string; status: ItemStatus; authorId: string }) {
  const [row] = await db.insert(sessionItems).values(p).returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

export async function setItemStatus(db: Db, p: { sessionId: string; itemId: string; status: ItemStatus }) {
  const rows = await db
    .update(sessionItems)
    .set({ status: p.status })
    .where(and(eq(sessionItems.id, p.itemId), eq(sessionItems.sessionId, p.sessionId)))
    .returning({ id: sessionItems.id });
  return rows.length > 0;
}

export async function upsertVote(db: Db, p: { sessionId: string; itemId: string; userId: string; vote: number }) {
  await db
    .insert(sessionVotes)
    .values(p)
    .onConflictDoUpdate({
      target: [sessionVotes.itemId, sessionVotes.userId],
      set: { vote: p.vote, updatedAt: sql`now()` },
    });
}

/** Every ballot of a session, for aggregate computations only (never returned as is). */
export async function listVotes(db: Db, p: { sessionId: string }) {
  return db
    .select({ userId: sessionVotes.userId, itemId: sessionVotes.itemId, vote: sessionVotes.vote })
    .from(sessionVotes)
    .where(eq(sessionVotes.sessionId, p.sessionId));
}

export async function listMyVotes(db: Db, p: { sessionId: string; userId: string }) {
  return db
    .select({ itemId: sessionVotes.itemId, vote: sessionVotes.vote })
    .from(sessionVotes)
    .where(and(eq(sessionVotes.sessionId, p.sessionId), eq(sessionVotes.userId, p.userId)));
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
    });
}

export async function listAllocations(db: Db, p: { sessionId: string }) {
  return db
    .select({ userId: sessionAllocations.userId, allocation: sessionAllocations.allocation })
    .from(sessionAllocations)
    .where(eq(sessionAllocations.sessionId, p.sessionId));
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
    });
}

export async function listResponses(db: Db, p: { sessionId: string }) {
  return db
    .select({ userId: sessionResponses.userId, position: sessionResponses.position, reason: sessionResponses.reason })
    .from(sessionResponses)
    .where(eq(sessionResponses.sessionId, p.sessionId));
}

/** Distinct people who voted at least once, per format's table. */
export async function countVoters(db: Db, p: { sessionId: string }) {
  const [row] = await db
    .select({ n: countDistinct(sessionVotes.userId) })
    .from(sessionVotes)
    .where(eq(sessionVotes.sessionId, p.sessionId));
  return row?.n ?? 0;
}

/** A person's own participation across sessions, for their data export only. */
export async function listParticipationOfUser(db: Db, p: { userId: string }) {
  const votes = await db
    .select({ session: deliberationSessions.title, statement: sessionItems.text, vote: sessionVotes.vote, at: sessionVotes.updatedAt })
    .from(sessionVotes)
    .innerJoin(sessionItems, eq(sessionItems.id, sessionVotes.itemId))
    .innerJoin(deliberationSessions, eq(deliberationSessions.id, sessionVotes.sessionId))
    .where(eq(sessionVotes.userId, p.userId));
  const statements = await db
    .select({ session: deliberationSessions.title, text: sessionItems.text, status: sessionItems.status, at: sessionItems.createdAt })
    .from(sessionItems)
    .innerJoin(deliberationSessions, eq(deliberationSessions.id, sessionItems.sessionId))
    .where(eq(sessionItems.authorId, p.userId));
  const allocations = await db
    .select({ session: deliberationSessions.title, allocation: sessionAllocations.allocation, at: sessionAllocations.updatedAt })
    .from(sessionAllocations)
    .innerJoin(deliberationSessions, eq(deliberationSessions.id, sessionAllocations.sessionId))
    .where(eq(sessionAllocations.userId, p.userId));
  const responses = await db
    .select({ session: deliberationSessions.title, position: sessionResponses.position, reason: sessionResponses.reason, at: sessionResponses.updatedAt })
    .from(sessionResponses)
    .innerJoin(deliberationSessions, eq(deliberationSessions.id, sessionResponses.sessionId))
    .where(eq(sessionResponses.userId, p.userId));
  return { votes, statements, allocations, responses };
}

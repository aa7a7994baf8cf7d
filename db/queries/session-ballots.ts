/**
 * Ballots cast in a session, one table per ballot kind: votes on statements, dot allocations
 * over options and consent responses (a session uses one of them).
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../open";
import { sessionAllocations, sessionResponses, sessionVotes } from "../schema";

type Position = (typeof sessionResponses.$inferSelect)["position"];

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

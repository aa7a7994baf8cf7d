/**
 * One person's part in sessions across collectives, for the rights they hold over it:
 * cutting it loose from them (leaving, account deletion) and exporting it.
 */
import crypto from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { union, type PgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../open";
import {
  deliberationSessions,
  sessionAllocations,
  sessionItems,
  sessionResponses,
  sessionVotes,
} from "../schema";

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

/**
 * A session's stored results and their releases: what was last released, and how many
 * people changed a ballot since, which decides when the next release is due.
 */
import { and, countDistinct, eq, gt, isNull, max, or, sql } from "drizzle-orm";
import { unionAll } from "drizzle-orm/pg-core";
import type { Db } from "../open";
import {
  deliberationSessions,
  sessionAllocations,
  sessionResponses,
  sessionVotes,
} from "../schema";

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

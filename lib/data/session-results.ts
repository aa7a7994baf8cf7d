import "server-only";
import type { Db } from "@/db";
import type { DeliberationSessionRow, SessionItemRow } from "@/db/schema";
import { effectivePhase, keepStatements, withoutConsentReasons } from "@/deliberation";
import { currentQueue } from "@/jobs/queue";
import {
  finalKey,
  hidden,
  publishResults,
  runSessionResultsJob,
  toSnapshot,
  type SessionResults,
  type SessionResultsRule,
} from "@/jobs/session-results";
import { countLabel, MIN_GROUP_SIZE } from "@/lib/privacy";

export type { SessionResults } from "@/jobs/session-results";

/** The minimum-count rule (lib/privacy.ts) as the results job takes it. */
const rule: SessionResultsRule = { minimum: MIN_GROUP_SIZE, countLabel };

/** How the results a participant reads were released. */
export interface ResultsRelease {
  /** Counts releases; 0 before the first. */
  version: number;
  /** When the shown release was published (null before the first, or for final results). */
  publishedAt: string | null;
  /** Live: a release waits for this many people to cast or change a ballot. */
  batchSize: number;
  /** True once the session is closed and its final results, from every ballot, are stored. */
  isFinal: boolean;
}

/**
 * The results a participant may read now, from storage only: nothing is computed here.
 * While a session is open, the last release (the `session-results` job publishes one when at
 * least MIN_GROUP_SIZE people changed a ballot since the previous, so comparing two reads
 * never isolates one ballot). Once closed, the final results stored at close; a session
 * that closed by its close time serves its last release until the job has stored them.
 */
export async function readSessionResults(
  db: Db,
  session: DeliberationSessionRow,
  items: SessionItemRow[],
  now = new Date(),
): Promise<{ results: SessionResults; release: ResultsRelease }> {
  const snapshot = toSnapshot(session.resultsSnapshot);
  const approved = new Set(items.filter((i) => i.status === "approved").map((i) => i.id));
  const version = session.resultsVersion;
  if (effectivePhase(session, now) !== "open") {
    const final = snapshot?.final;
    if (final && final.key === finalKey(session)) {
      return {
        results: withApprovedOnly(final.results, approved),
        release: { version, publishedAt: null, batchSize: MIN_GROUP_SIZE, isFinal: true },
      };
    }
    await requestClosedResults(db, session.id);
  }
  return {
    results: snapshot
      ? withApprovedOnly(releasable(snapshot.results), approved)
      : hidden(0, session.format, rule),
    release: {
      version,
      publishedAt: snapshot?.publishedAt ?? null,
      batchSize: MIN_GROUP_SIZE,
      isFinal: false,
    },
  };
}

/**
 * After a ballot changed: asks for the session's results job (debounced per session). It
 * publishes a release once enough people changed a ballot. Without a queue in this process
 * (scripts, tests), the job runs here, after the write; a read never runs it. Never throws:
 * a late release must not fail the ballot.
 */
export async function requestResultsRelease(db: Db, sessionId: string): Promise<void> {
  try {
    const queue = currentQueue();
    if (queue) await queue.sendSessionResults({ sessionId });
    else await runSessionResultsJob(db, sessionId, rule);
  } catch (err) {
    console.error(`[sessions] could not schedule results for session ${sessionId}:`, err);
  }
}

/** A closed session without final results yet (closed by its close time): ask the job now. */
async function requestClosedResults(db: Db, sessionId: string): Promise<void> {
  const queue = currentQueue();
  try {
    if (queue) await queue.sendSessionResults({ sessionId }, 0);
    // Without any queue nothing else would ever store them (scripts, tests).
    else await runSessionResultsJob(db, sessionId, rule);
  } catch (err) {
    console.error(`[sessions] could not schedule final results for session ${sessionId}:`, err);
  }
}

/**
 * Closing: computes and stores the final results and the release a reopened session starts
 * from, whatever the batch. Returns the final results (recorded as the outcome).
 */
export async function publishFinalResults(
  db: Db,
  closed: DeliberationSessionRow,
  items: SessionItemRow[],
  now: Date,
): Promise<SessionResults> {
  const published = await publishResults(db, closed, items, rule, {
    now,
    expectedVersion: null,
    isClosed: true,
  });
  const final = published?.snapshot.final?.results;
  if (!final) throw new Error(`closing session ${closed.id} stored no results`);
  return final;
}

/** An open session never shows consent reasons, whatever the stored snapshot holds. */
function releasable(results: SessionResults): SessionResults {
  if (results.visible && results.format === "consent" && results.hasReasons)
    return { ...results, consent: withoutConsentReasons(results.consent), hasReasons: false };
  return results;
}

function withApprovedOnly(results: SessionResults, approved: ReadonlySet<string>): SessionResults {
  if (!results.visible || results.format !== "statements") return results;
  return {
    ...results,
    statements: keepStatements(results.statements, approved),
    texts: Object.fromEntries(Object.entries(results.texts).filter(([id]) => approved.has(id))),
  };
}

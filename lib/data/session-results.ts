import "server-only";
import crypto from "node:crypto";
import type { Db } from "@/db";
import { findSessionStoredResults } from "@/db/queries/session-results";
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

/** A session as reads load it: every column but the stored results and outcome (large). */
export type SessionMeta = Omit<DeliberationSessionRow, "resultsSnapshot" | "outcome">;

/**
 * What every participant allowed to read a session sees alike: its results as released,
 * and its recorded outcome. Shared by all viewers: nothing in it depends on who asks.
 */
export interface SharedSessionPart {
  results: SessionResults;
  resultsRelease: ResultsRelease;
  outcome: unknown;
  outcomeAt: string | null;
}

/** The shared part, with its JSON (an object) and that JSON's hash, computed once. */
export interface ReleasedSessionPart {
  value: SharedSessionPart;
  /** The JSON's UTF-8 bytes after its opening brace: the tail of any view it is spliced into. */
  jsonTail: Uint8Array;
  hash: string;
}

/*
 * The shared part is the same for every viewer until a new release, a close, or moderation
 * changes which statements are approved. Reading and re-serialising the stored release (about
 * 100 KB for 1,000 participants x 100 statements) on every poll of every viewer was most of
 * a session read's cost (bench:load). So it is kept here, per session, under a key naming
 * everything it is computed from: the release version and publication of the outcome, as
 * read from the session's row on every request (so another server's release is seen at
 * once), open or which close, and the approved statements. A request whose key differs reads
 * the row's stored results and replaces the entry.
 */
const MAX_CACHED_SESSIONS = 200;

interface CachedPart extends ReleasedSessionPart {
  key: string;
}

const released: Map<string, CachedPart> = ((
  globalThis as { __concertSessionReleases?: Map<string, CachedPart> }
).__concertSessionReleases ??= new Map<string, CachedPart>());

function approvedIdsOf(items: readonly Pick<SessionItemRow, "id" | "status">[]): string[] {
  return items.filter((i) => i.status === "approved").map((i) => i.id);
}

function partKey(
  p: { version: number; outcomeAt: Date | null },
  variant: string,
  approvedSignature: string,
): string {
  return `${p.version}|${p.outcomeAt?.toISOString() ?? ""}|${variant}|${approvedSignature}`;
}

/**
 * The results a participant may read now, from storage only: nothing is computed here.
 * While a session is open, the last release (the `session-results` job publishes one when at
 * least MIN_GROUP_SIZE people changed a ballot since the previous, so comparing two reads
 * never isolates one ballot). Once closed, the final results stored at close; a session
 * that closed by its close time serves its last release until the job has stored them.
 * With the recorded outcome: the part of a session's view that is the same for everyone.
 */
export async function readSharedSessionPart(
  db: Db,
  session: SessionMeta,
  items: readonly Pick<SessionItemRow, "id" | "status">[],
  now = new Date(),
): Promise<ReleasedSessionPart> {
  const approvedIds = approvedIdsOf(items);
  const approvedSignature = crypto
    .createHash("sha256")
    .update(approvedIds.join(","))
    .digest("base64url");
  const isOpen = effectivePhase(session, now) === "open";
  const variant = isOpen ? "open" : `closed:${finalKey(session)}`;
  const key = partKey(
    { version: session.resultsVersion, outcomeAt: session.outcomeAt },
    variant,
    approvedSignature,
  );
  let part = released.get(session.id);
  if (!part || part.key !== key) {
    const stored = await findSessionStoredResults(db, { sessionId: session.id });
    const value = sharedPartFrom(session, stored, new Set(approvedIds), isOpen);
    const json = JSON.stringify(value);
    part = {
      jsonTail: Buffer.from(json.slice(1)),
      // What was read, which may be newer than the row this request began with.
      key: partKey(
        { version: stored?.version ?? 0, outcomeAt: stored?.outcomeAt ?? null },
        variant,
        approvedSignature,
      ),
      value,
      hash: crypto.createHash("sha256").update(json).digest("base64url"),
    };
    released.delete(session.id);
    released.set(session.id, part);
    if (released.size > MAX_CACHED_SESSIONS) {
      const oldest = released.keys().next();
      if (!oldest.done) released.delete(oldest.value);
    }
  }
  if (!isOpen && !part.value.resultsRelease.isFinal) await requestClosedResults(db, session.id);
  return part;
}

function sharedPartFrom(
  session: SessionMeta,
  stored: Awaited<ReturnType<typeof findSessionStoredResults>>,
  approved: ReadonlySet<string>,
  isOpen: boolean,
): SharedSessionPart {
  const snapshot = toSnapshot(stored?.snapshot);
  const version = stored?.version ?? 0;
  const outcome = {
    outcome: stored?.outcome ?? null,
    outcomeAt: stored?.outcomeAt?.toISOString() ?? null,
  };
  const final = snapshot?.final;
  if (!isOpen && final && final.key === finalKey(session)) {
    return {
      results: withApprovedOnly(final.results, approved),
      resultsRelease: { version, publishedAt: null, batchSize: MIN_GROUP_SIZE, isFinal: true },
      ...outcome,
    };
  }
  return {
    results: snapshot
      ? withApprovedOnly(releasable(snapshot.results), approved)
      : hidden(0, session.format, rule),
    resultsRelease: {
      version,
      publishedAt: snapshot?.publishedAt ?? null,
      batchSize: MIN_GROUP_SIZE,
      isFinal: false,
    },
    ...outcome,
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

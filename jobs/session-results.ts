/**
 * Session results, computed in the background: a ballot write asks for a job (debounced per
 * session, see session-results-queue.ts), the job publishes a release when one is due (at
 * least `minimum` people changed a ballot since the last) and the final results once the
 * session is closed. Reads only serve what is stored here, so no request pays for PCA,
 * k-means and the permutation test. Imports db/ and deliberation/ only; the minimum-count
 * rule is passed in (jobs never import lib/).
 */
import type { Db } from "@/db";
import { listAllocations, listResponses, listVotes } from "@/db/queries/session-ballots";
import { listItems } from "@/db/queries/session-items";
import { countBallotChangesSinceRelease, saveResultsRelease } from "@/db/queries/session-results";
import { findSession } from "@/db/queries/sessions";
import type { DeliberationSessionRow, SessionItemRow } from "@/db/schema";
import {
  buildVoteMatrix,
  canShowResults,
  computeStatementResults,
  decideConsent,
  effectivePhase,
  isReleaseDue,
  tallyDotVotes,
  withoutConsentReasons,
  type Vote,
} from "@/deliberation";
import type { MinimumCountRule } from "./forecast-input";

/** The minimum-count rule as session results need it (lib/privacy.ts owns the numbers). */
export interface SessionResultsRule {
  /** No aggregate over fewer people than this. */
  minimum: number;
  /** A count for display: the number, or "fewer than N". */
  countLabel(count: number): string;
}

/** The session rule implied by the forecasts' rule (what `npm run worker` is given). */
export function sessionRuleFrom(rule: MinimumCountRule): SessionResultsRule {
  let minimum = Infinity;
  for (let n = 1; n <= 1000; n++) {
    if (rule.isShown(n)) {
      minimum = n;
      break;
    }
  }
  return { minimum, countLabel: (n) => (n >= minimum ? String(n) : `fewer than ${minimum}`) };
}

/**
 * Aggregate results of a session, computed from the secret ballots. Nothing here carries
 * a voter's id: the only person-specific mark is `isViewer` on the viewer's own map point.
 */
export async function computeSessionResults(
  db: Db,
  session: DeliberationSessionRow,
  items: SessionItemRow[],
  viewerId: string | null,
  rule: SessionResultsRule,
  now = new Date(),
) {
  const approved = items.filter((i) => i.status === "approved");
  const textOf = new Map(approved.map((i) => [i.id, i.text]));
  const state = { phase: session.phase, closesAt: session.closesAt };
  const hide = (participants: number) => hidden(participants, session.format, rule);
  switch (session.format) {
    case "statements": {
      const votes = (await listVotes(db, { sessionId: session.id })).filter((v) =>
        textOf.has(v.itemId),
      );
      const records = votes.map((v) => ({
        participantId: v.userId,
        statementId: v.itemId,
        vote: toVote(v.vote),
      }));
      const participants = new Set(votes.map((v) => v.userId)).size;
      if (!canShowResults("statements", state, now, participants, rule.minimum))
        return hide(participants);
      const matrix = buildVoteMatrix(
        records,
        approved.map((i) => i.id),
      );
      const res = computeStatementResults(matrix, {
        minimum: rule.minimum,
        viewerId: viewerId ?? undefined,
      });
      if (!res.ok) throw new Error(res.message);
      if (!res.value.isVisible) return hide(participants);
      return {
        visible: true as const,
        participants,
        format: "statements" as const,
        statements: res.value.results,
        texts: Object.fromEntries(textOf),
      };
    }
    case "dots": {
      const allocations = await listAllocations(db, { sessionId: session.id });
      const participants = allocations.length;
      if (!canShowResults("dots", state, now, participants, rule.minimum))
        return hide(participants);
      const rules = { dots: session.dots ?? 1, maxPerOption: session.maxPerOption ?? undefined };
      const tally = tallyDotVotes(
        approved.map((i) => i.id),
        allocations.map((a) => a.allocation),
        rules,
      );
      return {
        visible: true as const,
        participants,
        format: "dots" as const,
        dots: tally,
        texts: Object.fromEntries(textOf),
      };
    }
    case "consent": {
      const responses = await listResponses(db, { sessionId: session.id });
      const participants = responses.length;
      if (!canShowResults("consent", state, now, participants, rule.minimum))
        return hide(participants);
      const outcome = decideConsent(
        responses.map((r) => ({ position: r.position, reason: r.reason })),
        { quorum: rule.minimum },
      );
      return {
        visible: true as const,
        participants,
        format: "consent" as const,
        consent: outcome,
        hasReasons: true,
      };
    }
  }
}

export type SessionResults = Awaited<ReturnType<typeof computeSessionResults>>;

/**
 * What is stored in `results_snapshot`: the release as every participant of an OPEN session
 * may read it, and, once the session is closed, the final results (reasons included).
 */
export interface ResultsSnapshot {
  publishedAt: string;
  results: SessionResults;
  /** The final results of the close named by `key` (see finalKey). */
  final?: { key: string; results: SessionResults };
}

/**
 * Which close final results belong to: an explicit close ("closed"), or the close time a
 * session passed while its phase still says open. A reopened session that closes again has
 * another key, so results stored for an earlier close are never served for a later one.
 */
export function finalKey(session: Pick<DeliberationSessionRow, "phase" | "closesAt">): string {
  return session.phase === "closed" ? "closed" : `closes:${session.closesAt?.toISOString() ?? ""}`;
}

/** The stored snapshot, if the column holds one (it is null before the first release). */
export function toSnapshot(value: unknown): ResultsSnapshot | null {
  return isSnapshot(value) ? value : null;
}

/**
 * Computes and stores a release (as an open session may show it: nobody marked on the map,
 * no consent reasons, dot results hidden) and, for a closed session, its final results with
 * it. `expectedVersion` null stores unconditionally (closing does); otherwise only if nobody
 * released since, and null is returned when somebody did.
 */
export async function publishResults(
  db: Db,
  session: DeliberationSessionRow,
  items: SessionItemRow[],
  rule: SessionResultsRule,
  p: { now: Date; expectedVersion: number | null; isClosed: boolean },
): Promise<{ version: number; snapshot: ResultsSnapshot } | null> {
  // Computed as if open, whatever the phase: a release is what an open session shows.
  const open = { ...session, phase: "open" as const, closesAt: null };
  const release = toReleasable(await computeSessionResults(db, open, items, null, rule, p.now));
  const snapshot: ResultsSnapshot = { publishedAt: p.now.toISOString(), results: release };
  if (p.isClosed) {
    const closed = { ...session, phase: "closed" as const };
    const results = await computeSessionResults(db, closed, items, null, rule, p.now);
    snapshot.final = { key: finalKey(session), results };
  }
  const version = await saveResultsRelease(db, {
    collectiveId: session.collectiveId,
    sessionId: session.id,
    snapshot,
    expectedVersion: p.expectedVersion,
  });
  return version === null ? null : { version, snapshot };
}

/** What one run of the job did (for logs and tests). */
export type SessionResultsJobOutcome = "released" | "final" | "not_due" | "up_to_date" | "missing";

/**
 * The `session-results` job: publishes the release when it is due, or the final results of
 * a closed session that has none yet for its close. Idempotent, so a duplicate or retried job
 * changes nothing; a release raced by another one (version check) is simply skipped.
 */
export async function runSessionResultsJob(
  db: Db,
  sessionId: string,
  rule: SessionResultsRule,
  now = new Date(),
): Promise<SessionResultsJobOutcome> {
  const session = await findSession(db, { sessionId });
  if (!session || session.phase === "draft") return "missing";
  const phase = effectivePhase(session, now);
  if (phase === "closed") {
    if (toSnapshot(session.resultsSnapshot)?.final?.key === finalKey(session)) return "up_to_date";
    const items = await listItems(db, { sessionId });
    const done = await publishResults(db, session, items, rule, {
      now,
      expectedVersion: session.resultsVersion,
      isClosed: true,
    });
    return done ? "final" : "up_to_date";
  }
  const since = await countBallotChangesSinceRelease(db, {
    collectiveId: session.collectiveId,
    sessionId,
  });
  if (!isReleaseDue(since.changed, rule.minimum)) return "not_due";
  const items = await listItems(db, { sessionId });
  const done = await publishResults(db, session, items, rule, {
    now,
    expectedVersion: since.version,
    isClosed: false,
  });
  return done ? "released" : "up_to_date";
}

function toReleasable(results: SessionResults): SessionResults {
  if (results.visible && results.format === "consent") {
    return { ...results, consent: withoutConsentReasons(results.consent), hasReasons: false };
  }
  return results;
}

function isSnapshot(value: unknown): value is ResultsSnapshot {
  return (
    typeof value === "object" &&
    value !== null &&
    "publishedAt" in value &&
    typeof value.publishedAt === "string" &&
    "results" in value &&
    typeof value.results === "object" &&
    value.results !== null &&
    "visible" in value.results
  );
}

/** Results withheld: below the minimum count, or (dot voting) until the session closes. */
export function hidden(
  participants: number,
  format: DeliberationSessionRow["format"],
  rule: SessionResultsRule,
) {
  const isShown = participants >= rule.minimum;
  const reason = !isShown
    ? `Results show once at least ${rule.minimum} people have taken part.`
    : format === "dots"
      ? "Dot-vote results stay hidden until the session closes."
      : "Results show once the session is open.";
  return {
    visible: false as const,
    participants: isShown ? participants : null,
    participantsLabel: rule.countLabel(participants),
    reason,
  };
}

function toVote(n: number): Vote {
  return n > 0 ? 1 : n < 0 ? -1 : 0;
}

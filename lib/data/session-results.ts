import "server-only";
import type { Db } from "@/db";
import {
  countBallotChangesSinceRelease,
  findSession,
  listAllocations,
  listResponses,
  listVotes,
  saveResultsRelease,
} from "@/db/queries/sessions";
import type { DeliberationSessionRow, SessionItemRow } from "@/db/schema";
import {
  buildVoteMatrix,
  canShowResults,
  computeStatementResults,
  decideConsent,
  effectivePhase,
  isReleaseDue,
  keepStatements,
  tallyDotVotes,
  withoutConsentReasons,
  type Vote,
} from "@/deliberation";
import { countLabel, isShown, MIN_GROUP_SIZE } from "@/lib/privacy";

/**
 * Aggregate results of a session, computed from the secret ballots. Nothing here carries
 * a voter's id: the only person-specific mark is `isViewer` on the viewer's own map point.
 */
export async function computeSessionResults(
  db: Db,
  session: DeliberationSessionRow,
  items: SessionItemRow[],
  viewerId: string | null,
  now = new Date(),
) {
  const approved = items.filter((i) => i.status === "approved");
  const textOf = new Map(approved.map((i) => [i.id, i.text]));
  const state = { phase: session.phase, closesAt: session.closesAt };
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
      if (!canShowResults("statements", state, now, participants, MIN_GROUP_SIZE))
        return hidden(participants, session.format);
      const matrix = buildVoteMatrix(
        records,
        approved.map((i) => i.id),
      );
      const res = computeStatementResults(matrix, {
        minimum: MIN_GROUP_SIZE,
        viewerId: viewerId ?? undefined,
      });
      if (!res.ok) throw new Error(res.message);
      if (!res.value.isVisible) return hidden(participants, session.format);
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
      if (!canShowResults("dots", state, now, participants, MIN_GROUP_SIZE))
        return hidden(participants, session.format);
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
      if (!canShowResults("consent", state, now, participants, MIN_GROUP_SIZE))
        return hidden(participants, session.format);
      const outcome = decideConsent(
        responses.map((r) => ({ position: r.position, reason: r.reason })),
        { quorum: MIN_GROUP_SIZE },
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

/** How the results a participant reads were released. */
export interface ResultsRelease {
  /** Counts releases; 0 before the first. */
  version: number;
  /** When the shown release was published (null before the first, or for final results). */
  publishedAt: string | null;
  /** Live: a release waits for this many people to cast or change a ballot. */
  batchSize: number;
  /** True once the session is closed: the results are final and computed from every ballot. */
  isFinal: boolean;
}

/** What is stored in `results_snapshot`: a release as every participant may read it. */
interface ResultsSnapshot {
  publishedAt: string;
  results: SessionResults;
}

/**
 * The results a participant may read now. While a session is open they are the last
 * release, never a fresh computation: a new release is published first when at least
 * MIN_GROUP_SIZE people have cast or changed a ballot since the previous one, so comparing
 * two reads never isolates one ballot. Once closed, the final results from every ballot.
 */
export async function readSessionResults(
  db: Db,
  session: DeliberationSessionRow,
  items: SessionItemRow[],
  viewerId: string,
  now = new Date(),
): Promise<{ results: SessionResults; release: ResultsRelease }> {
  if (effectivePhase(session, now) !== "open") {
    return {
      results: await computeSessionResults(db, session, items, viewerId, now),
      release: {
        version: session.resultsVersion,
        publishedAt: null,
        batchSize: MIN_GROUP_SIZE,
        isFinal: true,
      },
    };
  }
  let version = session.resultsVersion;
  let snapshot = toSnapshot(session.resultsSnapshot);
  const since = await countBallotChangesSinceRelease(db, {
    collectiveId: session.collectiveId,
    sessionId: session.id,
  });
  if (since.version !== version) {
    // Someone released after our copy of the session was read: serve that release.
    const current = await findSession(db, { sessionId: session.id });
    version = current?.resultsVersion ?? version;
    snapshot = toSnapshot(current?.resultsSnapshot);
  } else if (isReleaseDue(since.changed, MIN_GROUP_SIZE)) {
    const published = await releaseResults(db, session, items, now, version);
    if (published) ({ version, snapshot } = published);
    else {
      // Another request released first: serve its release rather than a second one.
      const current = await findSession(db, { sessionId: session.id });
      version = current?.resultsVersion ?? version;
      snapshot = toSnapshot(current?.resultsSnapshot);
    }
  }
  const approved = new Set(items.filter((i) => i.status === "approved").map((i) => i.id));
  return {
    results: snapshot ? withApprovedOnly(snapshot.results, approved) : hidden(0, session.format),
    release: {
      version,
      publishedAt: snapshot?.publishedAt ?? null,
      batchSize: MIN_GROUP_SIZE,
      isFinal: false,
    },
  };
}

/**
 * Computes and stores a release of the session's results, as an open session may show them
 * (nobody marked on the map, no consent reasons). `expectedVersion` null releases whatever
 * was released before (closing does); otherwise the release is stored only if nobody
 * released since, and null is returned when somebody did.
 */
export async function releaseResults(
  db: Db,
  session: DeliberationSessionRow,
  items: SessionItemRow[],
  now: Date,
  expectedVersion: number | null,
): Promise<{ version: number; snapshot: ResultsSnapshot } | null> {
  // Computed as if open, whatever the phase: a release is what an open session shows.
  const results = toReleasable(
    await computeSessionResults(
      db,
      { ...session, phase: "open", closesAt: null },
      items,
      null,
      now,
    ),
  );
  const snapshot: ResultsSnapshot = { publishedAt: now.toISOString(), results };
  const version = await saveResultsRelease(db, {
    collectiveId: session.collectiveId,
    sessionId: session.id,
    snapshot,
    expectedVersion,
  });
  return version === null ? null : { version, snapshot };
}

function toReleasable(results: SessionResults): SessionResults {
  if (results.visible && results.format === "consent") {
    return { ...results, consent: withoutConsentReasons(results.consent), hasReasons: false };
  }
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

/** The stored snapshot, if the column holds one (it is null before the first release). */
function toSnapshot(value: unknown): ResultsSnapshot | null {
  return isSnapshot(value) ? value : null;
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

function hidden(participants: number, format: DeliberationSessionRow["format"]) {
  const reason = !isShown(participants)
    ? `Results show once at least ${MIN_GROUP_SIZE} people have taken part.`
    : format === "dots"
      ? "Dot-vote results stay hidden until the session closes."
      : "Results show once the session is open.";
  return {
    visible: false as const,
    participants: isShown(participants) ? participants : null,
    participantsLabel: countLabel(participants),
    reason,
  };
}

function toVote(n: number): Vote {
  return n > 0 ? 1 : n < 0 ? -1 : 0;
}

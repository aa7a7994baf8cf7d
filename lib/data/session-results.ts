import "server-only";
import type { Db } from "@/db";
import { listAllocations, listResponses, listVotes } from "@/db/queries/sessions";
import type { DeliberationSessionRow, SessionItemRow } from "@/db/schema";
import {
  buildVoteMatrix,
  canShowResults,
  computeStatementResults,
  decideConsent,
  formatCount,
  meetsMinimumGroup,
  tallyDotVotes,
  type Vote,
} from "@/lib/deliberation";

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
      const votes = (await listVotes(db, { sessionId: session.id })).filter((v) => textOf.has(v.itemId));
      const records = votes.map((v) => ({ participantId: v.userId, statementId: v.itemId, vote: toVote(v.vote) }));
      const participants = new Set(votes.map((v) => v.userId)).size;
      if (!canShowResults("statements", state, now, participants)) return hidden(participants, session.format);
      const matrix = buildVoteMatrix(records, approved.map((i) => i.id));
      const res = computeStatementResults(matrix, { viewerId: viewerId ?? undefined });
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
      if (!canShowResults("dots", state, now, participants)) return hidden(participants, session.format);
      const rules = { dots: session.dots ?? 1, maxPerOption: session.maxPerOption ?? undefined };
      const tally = tallyDotVotes(approved.map((i) => i.id), allocations.map((a) => a.allocation), rules);
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
      if (!canShowResults("consent", state, now, participants)) return hidden(participants, session.format);
      const outcome = decideConsent(responses.map((r) => ({ position: r.position, reason: r.reason })));
      return { visible: true as const, participants, format: "consent" as const, consent: outcome };
    }
  }
}

export type SessionResults = Awaited<ReturnType<typeof computeSessionResults>>;

function hidden(participants: number, format: DeliberationSessionRow["format"]) {
  const reason = !meetsMinimumGroup(participants)
    ? "Results show once at least 5 people have taken part."
    : format === "dots"
      ? "Dot-vote results stay hidden until the session closes."
      : "Results show once the session is open.";
  return {
    visible: false as const,
    participants: meetsMinimumGroup(participants) ? participants : null,
    participantsLabel: formatCount(participants),
    reason,
  };
}

function toVote(n: number): Vote {
  return n > 0 ? 1 : n < 0 ? -1 : 0;
}

/**
 * Per-statement tallies and the minimum-count gate: no result is shown until at least
 * `minimum` people took part, so a small session cannot expose how one person voted. The
 * number itself belongs to the application (MIN_GROUP_SIZE in lib/privacy.ts), which the
 * engine cannot import, so every gate takes it as an argument rather than keeping a copy.
 */
import type { Vote, VoteMatrix, VoteRecord } from "./vote-matrix";

/** Counts for one statement. `seen` = agree + disagree + pass. */
export interface StatementTally {
  statementId: string;
  agree: number;
  disagree: number;
  pass: number;
  seen: number;
}

/** Tally every statement of a vote matrix, in statement order. Unseen cells are not counted. */
export function tallyStatements(matrix: VoteMatrix): StatementTally[] {
  const tallies = matrix.statementIds.map(emptyTally);
  for (const row of matrix.votes) {
    row.forEach((cell, j) => {
      const tally = tallies[j];
      if (tally && cell !== null) addVote(tally, cell);
    });
  }
  return tallies;
}

/**
 * Tally stored vote records against a list of statements (in that order). Records for
 * other statements are ignored; the caller passes one record per participant and statement.
 */
export function tallyVoteRecords(
  records: readonly VoteRecord[],
  statementIds: readonly string[],
): StatementTally[] {
  const byId = new Map<string, StatementTally>();
  const tallies = statementIds.map((id) => {
    const tally = emptyTally(id);
    byId.set(id, tally);
    return tally;
  });
  for (const r of records) {
    const tally = byId.get(r.statementId);
    if (tally) addVote(tally, r.vote);
  }
  return tallies;
}

/** True when a count of participants is large enough for results to be shown. */
export function meetsMinimumGroup(participants: number, minimum: number): boolean {
  return participants >= minimum;
}

/**
 * Format a count for display: "fewer than 5" below the minimum, else the number. Used for
 * participation counts, where "2 people voted" would already narrow down who.
 */
export function formatCount(count: number, minimum: number): string {
  return count < minimum ? `fewer than ${minimum}` : String(count);
}

/** Results behind the minimum-count gate. */
export type GatedResults<T> = VisibleResults<T> | HiddenResults;

/** Results released: enough people took part. */
export interface VisibleResults<T> {
  isVisible: true;
  participants: number;
  results: T;
}

/** Results withheld: the participant count is itself blurred ("fewer than 5"). */
export interface HiddenResults {
  isVisible: false;
  participants: string;
  message: string;
}

/**
 * Release results only when enough people took part. The results are built lazily so
 * that nothing derived from individual votes is even computed for a tiny session.
 */
export function gateResults<T>(
  participants: number,
  build: () => T,
  minimum: number,
): GatedResults<T> {
  if (!meetsMinimumGroup(participants, minimum)) return hiddenResults(participants, minimum);
  return { isVisible: true, participants, results: build() };
}

/** The withheld form of results, for callers that gate before computing anything. */
export function hiddenResults(participants: number, minimum: number): HiddenResults {
  return {
    isVisible: false,
    participants: formatCount(participants, minimum),
    message: `Results appear once at least ${minimum} people have taken part.`,
  };
}

function emptyTally(statementId: string): StatementTally {
  return { statementId, agree: 0, disagree: 0, pass: 0, seen: 0 };
}

function addVote(tally: StatementTally, vote: Vote): void {
  if (vote === 1) tally.agree++;
  else if (vote === -1) tally.disagree++;
  else tally.pass++;
  tally.seen++;
}

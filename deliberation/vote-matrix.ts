/**
 * The participants x statements vote matrix shared by tallies, opinion groups and
 * representative statements. Rows are participants, columns statements.
 */
import { fail, ok, type Result } from "../core/result";

/** A statement vote: +1 agree, -1 disagree, 0 pass (seen but no opinion). */
export type Vote = 1 | -1 | 0;

/** A cell: a vote, or null when the participant has not seen or answered the statement. */
export type VoteCell = Vote | null;

/** A vote matrix with the ids that give its rows and columns meaning. */
export interface VoteMatrix {
  participantIds: readonly string[];
  statementIds: readonly string[];
  /** votes[participant][statement]. */
  votes: readonly (readonly VoteCell[])[];
}

/** One stored vote, as the data layer reads it. */
export interface VoteRecord {
  participantId: string;
  statementId: string;
  vote: Vote;
}

/** Error codes for a malformed matrix. */
export type VoteMatrixErrorCode = "invalid_matrix";

/** Type guard for a legal vote value. */
export function isVote(value: unknown): value is Vote {
  return value === 1 || value === -1 || value === 0;
}

/**
 * Check a matrix is rectangular, ids are unique and every cell is a vote or null.
 * Callers pass data from the database, so a bad cell is a bug upstream, but reporting it as
 * a value keeps a malformed session from taking down the results page.
 */
export function validateVoteMatrix(matrix: VoteMatrix): Result<VoteMatrix, VoteMatrixErrorCode> {
  const { participantIds, statementIds, votes } = matrix;
  if (votes.length !== participantIds.length) {
    return fail("invalid_matrix", `Expected ${participantIds.length} rows, got ${votes.length}.`);
  }
  if (new Set(participantIds).size !== participantIds.length) {
    return fail("invalid_matrix", "Participant ids must be unique.");
  }
  if (new Set(statementIds).size !== statementIds.length) {
    return fail("invalid_matrix", "Statement ids must be unique.");
  }
  for (let i = 0; i < votes.length; i++) {
    const row = votes[i] ?? [];
    if (row.length !== statementIds.length) {
      return fail(
        "invalid_matrix",
        `Row ${i} has ${row.length} cells, expected ${statementIds.length}.`,
      );
    }
    for (const cell of row) {
      if (cell !== null && !isVote(cell)) {
        return fail("invalid_matrix", `Row ${i} holds an invalid vote.`);
      }
    }
  }
  return ok(matrix);
}

/**
 * Build a matrix from stored votes. Participants are sorted by id so the matrix (and every
 * seeded computation on it) does not depend on the order the database returned rows in.
 * Statements keep the given order; votes on statements not listed are ignored (e.g. a
 * statement rejected by moderation). A later record for the same cell wins.
 */
export function buildVoteMatrix(
  records: readonly VoteRecord[],
  statementIds: readonly string[],
  participantIds?: readonly string[],
): VoteMatrix {
  const column = new Map<string, number>();
  statementIds.forEach((id, j) => column.set(id, j));
  const people = participantIds
    ? [...new Set(participantIds)]
    : [
        ...new Set(records.filter((r) => column.has(r.statementId)).map((r) => r.participantId)),
      ].sort();
  const row = new Map<string, number>();
  people.forEach((id, i) => row.set(id, i));
  const votes: VoteCell[][] = people.map(() => statementIds.map((): VoteCell => null));
  for (const r of records) {
    const i = row.get(r.participantId);
    const j = column.get(r.statementId);
    const cells = i === undefined ? undefined : votes[i];
    if (cells && j !== undefined && isVote(r.vote)) cells[j] = r.vote;
  }
  return { participantIds: people, statementIds: [...statementIds], votes };
}

/** Number of statements a participant has voted on (passes count: they saw it). */
export function countVotes(row: readonly VoteCell[]): number {
  let n = 0;
  for (const cell of row) if (cell !== null) n++;
  return n;
}

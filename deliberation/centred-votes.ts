/**
 * The clustered participants' votes as one dense, centred matrix, stored column by column:
 * PCA's covariance reads pairs of columns, and the null test shuffles each statement's
 * votes within its column, so both stay in contiguous memory. Unseen cells take the
 * statement's mean, "no information", so they are exactly 0 once centred.
 */
import type { VoteCell } from "./vote-matrix";

/** Centred votes of n participants on p statements. */
export interface CentredVotes {
  n: number;
  p: number;
  /** columns[j * n + i]: participant i's vote on statement j minus the statement's mean. */
  columns: Float64Array;
  /** Each statement's mean vote over the participants who saw it (0 if nobody did). */
  means: Float64Array;
}

/** Centre the rows (n x p, null for unseen) on each statement's mean. */
export function centreVotes(rows: readonly (readonly VoteCell[])[], p: number): CentredVotes {
  const n = rows.length;
  const means = new Float64Array(p);
  const seen = new Float64Array(p);
  // Row by row: the rows are separate arrays, so walking a column would jump between them.
  for (const row of rows) {
    for (let j = 0; j < p; j++) {
      const cell = row[j];
      if (cell === null || cell === undefined) continue;
      means[j] = (means[j] ?? 0) + cell;
      seen[j] = (seen[j] ?? 0) + 1;
    }
  }
  for (let j = 0; j < p; j++) means[j] = (seen[j] ?? 0) > 0 ? (means[j] ?? 0) / (seen[j] ?? 1) : 0;
  const columns = new Float64Array(n * p);
  rows.forEach((row, i) => {
    for (let j = 0; j < p; j++) columns[j * n + i] = centredValue(means, j, row[j]);
  });
  return { n, p, columns, means };
}

/** Centred value of one vote on statement j: 0 when unseen. */
export function centredValue(means: Float64Array, j: number, cell: VoteCell | undefined): number {
  if (cell === null || cell === undefined) return 0;
  return cell - (means[j] ?? 0);
}

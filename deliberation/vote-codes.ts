/**
 * The clustered participants' votes in the two shapes the opinion map needs: one byte per
 * cell, column by column (cheap to shuffle within a statement for the null test), and the
 * dense centred matrix, row by row (what PCA multiplies). Unseen cells take the statement's
 * mean, "no information", so they are exactly 0 once centred.
 */
import type { VoteCell } from "./vote-matrix";

/** Code of an unseen cell; votes -1, 0, +1 are coded 0, 1, 2. */
export const UNSEEN = 3;

/** Votes of n participants on p statements, coded. */
export interface VoteCodes {
  n: number;
  p: number;
  /** codes[j * n + i]: participant i's vote on statement j (column-major). */
  codes: Uint8Array;
  /** values[4 * j + code]: that vote minus statement j's mean; 0 for unseen. */
  values: Float64Array;
  /** Each statement's mean vote over the participants who saw it (0 if nobody did). */
  means: Float64Array;
}

/** Code the rows (n x p, null for unseen) and work out each statement's centred values. */
export function encodeVotes(rows: readonly (readonly VoteCell[])[], p: number): VoteCodes {
  const n = rows.length;
  const codes = new Uint8Array(n * p);
  const means = new Float64Array(p);
  const values = new Float64Array(4 * p);
  const seen = new Float64Array(p);
  // Row by row: the rows are separate arrays, so walking a column would jump between them.
  rows.forEach((row, i) => {
    for (let j = 0; j < p; j++) {
      const cell = row[j];
      if (cell === null || cell === undefined) {
        codes[j * n + i] = UNSEEN;
        continue;
      }
      codes[j * n + i] = cell + 1;
      means[j] = (means[j] ?? 0) + cell;
      seen[j] = (seen[j] ?? 0) + 1;
    }
  });
  for (let j = 0; j < p; j++) {
    const mean = (seen[j] ?? 0) > 0 ? (means[j] ?? 0) / (seen[j] ?? 1) : 0;
    means[j] = mean;
    values[4 * j] = -1 - mean;
    values[4 * j + 1] = -mean;
    values[4 * j + 2] = 1 - mean;
  }
  return { n, p, codes, values, means };
}

/**
 * Write the centred matrix (row-major, n x p) of `codes` (the same layout as
 * VoteCodes.codes, possibly shuffled) into `out`.
 */
export function writeCentred(
  codes: Uint8Array,
  values: Float64Array,
  n: number,
  p: number,
  out: Float64Array,
): Float64Array {
  // Blocks of statements keep the strided writes to a few cache lines at a time.
  const block = 16;
  for (let j0 = 0; j0 < p; j0 += block) {
    const j1 = Math.min(p, j0 + block);
    for (let i = 0; i < n; i++) {
      const row = i * p;
      for (let j = j0; j < j1; j++)
        out[row + j] = values[4 * j + (codes[j * n + i] ?? UNSEEN)] ?? 0;
    }
  }
  return out;
}

/** Centred coordinate of one vote on statement j: 0 when unseen. */
export function centredValue(codes: VoteCodes, j: number, cell: VoteCell | undefined): number {
  if (cell === null || cell === undefined) return 0;
  return codes.values[4 * j + cell + 1] ?? 0;
}

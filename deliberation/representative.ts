/**
 * Statements that characterise each opinion group ("representative", Pol.is repness) and
 * statements that every group agrees (or disagrees) with ("consensus").
 *
 * Probabilities use add-one smoothing, (count + 1) / (seen + 2), so a group that saw a
 * statement twice and agreed twice reads as 0.75, not a certain 1.0.
 */
import { fail, ok, type Result } from "../core/result";
import { validateVoteMatrix, type VoteMatrix } from "./vote-matrix";

/** Which side of a statement a group leans to. */
export type Direction = "agree" | "disagree";

/** Error codes for the inputs of this module. */
export type RepresentativeErrorCode = "invalid_matrix" | "invalid_groups";

/** A statement that sets a group apart from the others. */
export interface RepresentativeStatement {
  statementId: string;
  direction: Direction;
  /** Votes in the group on that side, and votes (incl. passes) it cast on the statement. */
  groupCount: number;
  groupSeen: number;
  /** Smoothed probability of the direction inside the group and among everyone else. */
  groupProbability: number;
  restProbability: number;
  /** groupProbability / restProbability. */
  ratio: number;
  /** z of groupProbability against 1/2, and of the group against the rest. */
  zGroup: number;
  zVsRest: number;
  /** Pol.is repness metric: ratio x zVsRest x groupProbability x zGroup. */
  score: number;
}

/** Representative statements of one group, best first. */
export interface GroupRepresentatives {
  groupId: number;
  statements: RepresentativeStatement[];
}

/** Options for {@link computeRepresentativeStatements}. */
export interface RepresentativeOptions {
  /** Statements kept per group. Default 5, as Pol.is shows. */
  maxPerGroup?: number;
  /** One-sided z needed for both tests; 1.2816 is 90% confidence, as Pol.is uses. */
  zThreshold?: number;
}

/** A statement all groups lean the same way on. */
export interface ConsensusStatement {
  statementId: string;
  direction: Direction;
  /** Product over groups of the smoothed probability (Pol.is "group-informed consensus"). */
  groupInformedConsensus: number;
  /** Each group's smoothed probability of the direction and how many of it saw the statement. */
  groups: { groupId: number; probability: number; seen: number }[];
}

/** Options for {@link computeConsensusStatements}. */
export interface ConsensusOptions {
  /** Every group's smoothed probability must reach this. Default 0.6. */
  threshold?: number;
  /** Every group must have cast at least this many votes on the statement. Default 3. */
  minSeenPerGroup?: number;
  /** Statements returned, best first. Default 10. */
  maxStatements?: number;
}

interface Counts {
  agree: number;
  disagree: number;
  seen: number;
}

/**
 * Representative statements per group. For each group and statement both directions are
 * tested; a direction qualifies when the group leans that way (z against 1/2) and leans
 * that way more than the rest (two-proportion z), both above `zThreshold`. The better
 * qualifying direction is kept and statements are ranked by the repness score. A group can
 * come back with no statements: with a single group there is no "rest" to differ from.
 * `groupIds[i]` is row i's group, null for participants left out of clustering.
 */
export function computeRepresentativeStatements(
  matrix: VoteMatrix,
  groupIds: readonly (number | null)[],
  options: RepresentativeOptions = {},
): Result<GroupRepresentatives[], RepresentativeErrorCode> {
  const maxPerGroup = options.maxPerGroup ?? 5;
  const zThreshold = options.zThreshold ?? 1.2816;
  const counted = countByGroup(matrix, groupIds);
  if (!counted.ok) return counted;
  const { ids, counts } = counted.value;
  const totals = matrix.statementIds.map((_, j) => sumCounts(ids.map((_, g) => counts[g]?.[j])));
  return ok(
    ids.map((groupId, g) => {
      if (ids.length < 2) return { groupId, statements: [] };
      const statements: RepresentativeStatement[] = [];
      matrix.statementIds.forEach((statementId, j) => {
        const own = counts[g]?.[j] ?? { agree: 0, disagree: 0, seen: 0 };
        const all = totals[j] ?? own;
        const rest = {
          agree: all.agree - own.agree,
          disagree: all.disagree - own.disagree,
          seen: all.seen - own.seen,
        };
        const candidates = (["agree", "disagree"] as const)
          .map((direction) => repness(statementId, direction, own, rest))
          .filter((r) => r.zGroup > zThreshold && r.zVsRest > zThreshold);
        const best = candidates.sort((a, b) => b.score - a.score)[0];
        if (best) statements.push(best);
      });
      // Stable sort keeps statement order for equal scores, so the output is reproducible.
      statements.sort((a, b) => b.score - a.score);
      return { groupId, statements: statements.slice(0, maxPerGroup) };
    }),
  );
}

/**
 * Consensus statements. Rule: a statement is an agree (or disagree) consensus when EVERY
 * group cast at least `minSeenPerGroup` votes on it and every group's smoothed probability
 * of that direction is at least `threshold`; ranked by the product of those probabilities.
 * Requiring every group (not an overall majority) is the point: a large group cannot
 * manufacture "consensus" over a smaller one. Participants without a group are not counted.
 */
export function computeConsensusStatements(
  matrix: VoteMatrix,
  groupIds: readonly (number | null)[],
  options: ConsensusOptions = {},
): Result<ConsensusStatement[], RepresentativeErrorCode> {
  const threshold = options.threshold ?? 0.6;
  const minSeen = options.minSeenPerGroup ?? 3;
  const maxStatements = options.maxStatements ?? 10;
  const counted = countByGroup(matrix, groupIds);
  if (!counted.ok) return counted;
  const { ids, counts } = counted.value;
  if (ids.length === 0) return ok([]);
  const found: ConsensusStatement[] = [];
  matrix.statementIds.forEach((statementId, j) => {
    for (const direction of ["agree", "disagree"] as const) {
      const groups = ids.map((groupId, g) => {
        const c = counts[g]?.[j] ?? { agree: 0, disagree: 0, seen: 0 };
        return {
          groupId,
          probability: smoothed(direction === "agree" ? c.agree : c.disagree, c.seen),
          seen: c.seen,
        };
      });
      if (groups.every((x) => x.seen >= minSeen && x.probability >= threshold)) {
        const groupInformedConsensus = groups.reduce((product, x) => product * x.probability, 1);
        found.push({ statementId, direction, groupInformedConsensus, groups });
      }
    }
  });
  found.sort((a, b) => b.groupInformedConsensus - a.groupInformedConsensus);
  return ok(found.slice(0, maxStatements));
}

/** Add-one smoothed proportion. */
export function smoothed(count: number, seen: number): number {
  return (count + 1) / (seen + 2);
}

/** Pol.is one-proportion z of successes against 1/2, with add-one counts. */
export function proportionZ(successes: number, n: number): number {
  const s = successes + 1;
  const m = n + 1;
  return 2 * Math.sqrt(m) * (s / m - 0.5);
}

/** Pol.is two-proportion z (group vs rest), with add-one counts; 0 when undefined. */
export function twoProportionZ(
  successesIn: number,
  nIn: number,
  successesOut: number,
  nOut: number,
): number {
  const s1 = successesIn + 1;
  const n1 = nIn + 1;
  const s2 = successesOut + 1;
  const n2 = nOut + 1;
  const pooled = (s1 + s2) / (n1 + n2);
  const variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
  return variance > 0 ? (s1 / n1 - s2 / n2) / Math.sqrt(variance) : 0;
}

function repness(
  statementId: string,
  direction: Direction,
  own: Counts,
  rest: Counts,
): RepresentativeStatement {
  const groupCount = direction === "agree" ? own.agree : own.disagree;
  const restCount = direction === "agree" ? rest.agree : rest.disagree;
  const groupProbability = smoothed(groupCount, own.seen);
  const restProbability = smoothed(restCount, rest.seen);
  const ratio = groupProbability / restProbability;
  const zGroup = proportionZ(groupCount, own.seen);
  const zVsRest = twoProportionZ(groupCount, own.seen, restCount, rest.seen);
  const score = ratio * zVsRest * groupProbability * zGroup;
  return {
    statementId,
    direction,
    groupCount,
    groupSeen: own.seen,
    groupProbability,
    restProbability,
    ratio,
    zGroup,
    zVsRest,
    score,
  };
}

function countByGroup(
  matrix: VoteMatrix,
  groupIds: readonly (number | null)[],
): Result<{ ids: number[]; counts: Counts[][] }, RepresentativeErrorCode> {
  const valid = validateVoteMatrix(matrix);
  if (!valid.ok) return valid;
  if (groupIds.length !== matrix.participantIds.length) {
    return fail(
      "invalid_groups",
      `Expected ${matrix.participantIds.length} group ids, got ${groupIds.length}.`,
    );
  }
  const ids = [...new Set(groupIds.filter((g): g is number => g !== null))].sort((a, b) => a - b);
  const index = new Map<number, number>();
  ids.forEach((id, g) => index.set(id, g));
  const counts: Counts[][] = ids.map(() =>
    matrix.statementIds.map(() => ({ agree: 0, disagree: 0, seen: 0 })),
  );
  matrix.votes.forEach((row, i) => {
    const gid = groupIds[i];
    const g = gid === null || gid === undefined ? undefined : index.get(gid);
    if (g === undefined) return;
    row.forEach((cell, j) => {
      const c = counts[g]?.[j];
      if (!c || cell === null) return;
      c.seen++;
      if (cell === 1) c.agree++;
      if (cell === -1) c.disagree++;
    });
  });
  return ok({ ids, counts });
}

function sumCounts(parts: readonly (Counts | undefined)[]): Counts {
  const total = { agree: 0, disagree: 0, seen: 0 };
  for (const c of parts) {
    if (!c) continue;
    total.agree += c.agree;
    total.disagree += c.disagree;
    total.seen += c.seen;
  }
  return total;
}

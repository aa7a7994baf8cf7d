/**
 * Everything a statement-voting results view needs, in one call, already safe to send to
 * any viewer: behind the minimum-count gate, and with the opinion map stripped of ids.
 */
import {
  computeOpinionGroups,
  type OpinionGroup,
  type OpinionGroupsOptions,
} from "./opinion-groups";
import {
  computeConsensusStatements,
  computeRepresentativeStatements,
  type ConsensusStatement,
  type GroupRepresentatives,
} from "./representative";
import { ok, type Result } from "../core/result";
import { hiddenResults, tallyStatements, type GatedResults, type StatementTally } from "./tallies";
import { countVotes, type VoteMatrix, type VoteMatrixErrorCode } from "./vote-matrix";

/** A point on the opinion map with no id: only the viewer can recognise their own. */
export interface MapPoint {
  x: number;
  y: number;
  groupId: number | null;
  isViewer: boolean;
}

/** Results of a statement-voting session. */
export interface StatementResults {
  tallies: StatementTally[];
  /** Sorted by group, then position, so the order says nothing about who is who. */
  points: MapPoint[];
  groups: OpinionGroup[];
  explainedVariance: [number, number];
  representative: GroupRepresentatives[];
  consensus: ConsensusStatement[];
}

/** Options: the minimum-count rule, the viewer to mark on the map, and clustering options. */
export interface StatementResultsOptions {
  /** The application's minimum-count rule: no results below it, and no smaller opinion group. */
  minimum: number;
  viewerId?: string;
  /** Clustering options; `minGroupSize` defaults to `minimum`. */
  groups?: OpinionGroupsOptions;
}

/**
 * Tallies, opinion groups, representative and consensus statements for a session. Nothing
 * is computed below `minimum` participants (people with at least one vote). Fails only on
 * a malformed matrix or impossible clustering options.
 */
export function computeStatementResults(
  matrix: VoteMatrix,
  options: StatementResultsOptions,
): Result<
  GatedResults<StatementResults>,
  VoteMatrixErrorCode | "invalid_options" | "invalid_groups"
> {
  const participants = matrix.votes.filter((row) => countVotes(row) > 0).length;
  const { minimum } = options;
  if (participants < minimum) return ok(hiddenResults(participants, minimum));
  // A group's representative statements describe how its members voted, so a group is held
  // to the same minimum as the whole session.
  const grouped = computeOpinionGroups(matrix, { minGroupSize: minimum, ...options.groups });
  if (!grouped.ok) return grouped;
  const groupIds = grouped.value.participants.map((p) => p.groupId);
  const representative = computeRepresentativeStatements(matrix, groupIds);
  if (!representative.ok) return representative;
  const consensus = computeConsensusStatements(matrix, groupIds);
  if (!consensus.ok) return consensus;
  const points = grouped.value.participants
    .map((p) => ({
      x: p.x,
      y: p.y,
      groupId: p.groupId,
      isViewer: p.participantId === options.viewerId,
    }))
    .sort((a, b) => (a.groupId ?? -1) - (b.groupId ?? -1) || a.x - b.x || a.y - b.y);
  const results: StatementResults = {
    tallies: tallyStatements(matrix),
    points,
    groups: grouped.value.groups,
    explainedVariance: grouped.value.explainedVariance,
    representative: representative.value,
    consensus: consensus.value,
  };
  return ok({ isVisible: true, participants, results });
}

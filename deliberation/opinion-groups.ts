/**
 * Opinion groups from a statement-voting matrix, after Pol.is: fill unseen cells with the
 * statement's mean vote, project participants to 2-D with PCA, then k-means with k chosen
 * by silhouette. A permutation null guards against "finding" groups in noise.
 *
 * Secrecy: the result carries participant ids so the caller can mark "you are here"; the
 * API must strip them (and keep the order of points unrelated to ids) before sending the map.
 */
import { embedVotes } from "./embedding";
import { runKMeans, silhouetteScore, type KMeans } from "./kmeans";
import { runNullTest } from "./null-test";
import { fail, ok, type Result } from "../core/result";
import {
  countVotes,
  validateVoteMatrix,
  type VoteMatrix,
  type VoteMatrixErrorCode,
} from "./vote-matrix";

/** Options for {@link computeOpinionGroups}; every field has a default. */
export interface OpinionGroupsOptions {
  /** Votes (including passes) needed to be clustered; capped at the statement count. Default 7, as Pol.is. */
  minVotes?: number;
  /** Smallest k tried. Default 2. */
  minK?: number;
  /** Largest k tried, further bounded by participants / minGroupSize. Default 5. */
  maxK?: number;
  /**
   * A k whose smallest group is below this is rejected. Default 5, a clustering default for
   * direct calls; computeStatementResults always sets it to the application's minimum.
   */
  minGroupSize?: number;
  /** Best silhouette below this means no structure, even with a real axis. Default 0.4. */
  minSilhouette?: number;
  /** Column-permuted copies used as the null; 0 disables the null test. Default 19 (a 5% test). */
  nullSamples?: number;
  /** The first axis's variance share must exceed the null's largest by this factor. Default 1.05. */
  nullMargin?: number;
  /** k-means++ restarts per k. Default 8. */
  restarts?: number;
  /** Seed for k-means and the null permutations. Default 0. */
  seed?: number;
  /** Scale sparse voters outward by sqrt(statements / votes), as Pol.is does. Default true. */
  scaleSparse?: boolean;
}

/** Failures: a malformed matrix, or options that cannot work together. */
export type OpinionGroupsErrorCode = VoteMatrixErrorCode | "invalid_options";

/** Why the result has the groups it has. */
export type GroupStructure = "groups" | "no_structure" | "too_few_participants";

/** One participant's place on the opinion map. */
export interface ParticipantPoint {
  participantId: string;
  x: number;
  y: number;
  voteCount: number;
  /** Null when the participant has too few votes to be clustered. */
  groupId: number | null;
}

/** An opinion group. Ids are 0..k-1, largest group first. */
export interface OpinionGroup {
  id: number;
  size: number;
  centroid: { x: number; y: number };
}

/** How one candidate k scored. */
export interface KCandidate {
  k: number;
  silhouette: number;
  smallestGroup: number;
  /** False when a group fell below minGroupSize. */
  isAllowed: boolean;
}

/** The opinion map and its groups. */
export interface OpinionGroups {
  participants: ParticipantPoint[];
  groups: OpinionGroup[];
  structure: GroupStructure;
  /** Share of variance on each of the two axes. */
  explainedVariance: [number, number];
  /** Each statement's loading on the two axes (for drawing statement directions). */
  statementLoadings: { statementId: string; x: number; y: number }[];
  /** Silhouette of the chosen k; null with fewer than two groups tried. */
  silhouette: number | null;
  /**
   * Largest first-axis variance share found on permuted votes; null when not computed. A
   * lower bound of the largest share: each copy stops once its comparison is settled.
   */
  nullExplainedVariance: number | null;
  candidates: KCandidate[];
  /** The vote threshold actually applied. */
  minVotes: number;
}

const defaults = {
  minVotes: 7,
  minK: 2,
  maxK: 5,
  minGroupSize: 5,
  minSilhouette: 0.4,
  nullSamples: 19,
  nullMargin: 1.05,
  restarts: 8,
  seed: 0,
  scaleSparse: true,
} satisfies Required<OpinionGroupsOptions>;

type Settings = Required<OpinionGroupsOptions>;

/**
 * Find opinion groups. Participants with fewer than `minVotes` votes get coordinates but no
 * group, and do not shape the axes. Rules, in order:
 * - fewer than 2 x minGroupSize clustered participants: one group ("too_few_participants");
 * - otherwise k in minK..maxK (at most participants / minGroupSize) is tried, a k with a group
 *   smaller than minGroupSize is rejected (a tiny group's results would expose its members'
 *   votes), and the best silhouette wins (smaller k on ties);
 * - groups are kept only if that silhouette reaches minSilhouette AND the first axis explains
 *   more variance (by the factor nullMargin) than it does in every one of nullSamples copies
 *   of the votes shuffled within each statement (same tallies, no relation between
 *   statements); else one group ("no_structure"). Silhouette alone cannot tell: k-means on
 *   uniformly random votes still scores 0.35-0.55, as high as weak real groups, while the
 *   permutation test is calibrated for any matrix shape (19 copies: a 5% false-alarm rate).
 *   The test (null-test.ts) stops each copy, and the whole test, once the outcome is settled.
 */
export function computeOpinionGroups(
  matrix: VoteMatrix,
  options: OpinionGroupsOptions = {},
): Result<OpinionGroups, OpinionGroupsErrorCode> {
  const valid = validateVoteMatrix(matrix);
  if (!valid.ok) return valid;
  const s: Settings = { ...defaults, ...options };
  if (s.minGroupSize < 1 || s.minK < 2 || s.maxK < s.minK) {
    return fail("invalid_options", "Options need minGroupSize >= 1 and 2 <= minK <= maxK.");
  }
  const p = matrix.statementIds.length;
  const minVotes = Math.max(1, Math.min(s.minVotes, p));
  const counts = matrix.votes.map(countVotes);
  const eligible: number[] = [];
  counts.forEach((c, i) => {
    if (p > 0 && c >= minVotes) eligible.push(i);
  });

  const eligibleRows = eligible.map((i) => matrix.votes[i] ?? []);
  const embedding = embedVotes(eligibleRows, matrix.votes, p, s.scaleSparse);
  const points = eligible.map((i) => embedding.coordinates[i] ?? [0, 0]);

  let structure: GroupStructure = "too_few_participants";
  let chosen: KMeans | null = null;
  let silhouette: number | null = null;
  let nullExplainedVariance: number | null = null;
  let candidates: KCandidate[] = [];
  if (eligible.length >= 2 * s.minGroupSize) {
    const search = searchK(points, s);
    candidates = search.candidates;
    structure = "no_structure";
    if (search.best) {
      silhouette = search.best.silhouette;
      // The null is the costly part, so it only runs when the groups could otherwise stand.
      if (silhouette >= s.minSilhouette) {
        const test =
          s.nullSamples > 0
            ? runNullTest(embedding.votes, embedding.explained[0], embedding.totalVariance, {
                samples: s.nullSamples,
                margin: s.nullMargin,
                seed: s.seed,
              })
            : null;
        nullExplainedVariance = test ? test.largestShare : null;
        if (!test || test.hasAxis) {
          structure = "groups";
          chosen = search.best.kmeans;
        }
      }
    }
  }

  const labels = chosen ? canonicalLabels(points, chosen) : points.map(() => 0);
  const groupOf = new Map<number, number>();
  eligible.forEach((row, e) => groupOf.set(row, labels[e] ?? 0));
  const groups = summariseGroups(points, labels, chosen ? chosen.k : points.length > 0 ? 1 : 0);

  const participants = matrix.participantIds.map((participantId, i) => {
    const [x = 0, y = 0] = embedding.coordinates[i] ?? [];
    return { participantId, x, y, voteCount: counts[i] ?? 0, groupId: groupOf.get(i) ?? null };
  });
  const [c1 = [], c2 = []] = embedding.components;
  return ok({
    participants,
    groups,
    structure,
    explainedVariance: embedding.explained,
    statementLoadings: matrix.statementIds.map((statementId, j) => ({
      statementId,
      x: c1[j] ?? 0,
      y: c2[j] ?? 0,
    })),
    silhouette,
    nullExplainedVariance,
    candidates,
    minVotes,
  });
}

interface Search {
  best: { kmeans: KMeans; silhouette: number } | null;
  candidates: KCandidate[];
}

function searchK(points: readonly (readonly number[])[], s: Settings): Search {
  const candidates: KCandidate[] = [];
  let best: Search["best"] = null;
  const kMax = Math.min(s.maxK, Math.floor(points.length / s.minGroupSize));
  for (let k = s.minK; k <= kMax; k++) {
    const kmeans = runKMeans(points, k, { seed: s.seed, restarts: s.restarts });
    const sizes = new Array<number>(k).fill(0);
    for (const l of kmeans.labels) sizes[l] = (sizes[l] ?? 0) + 1;
    const smallestGroup = Math.min(...sizes);
    const isAllowed = smallestGroup >= s.minGroupSize;
    const silhouette = silhouetteScore(points, kmeans.labels, k);
    candidates.push({ k, silhouette, smallestGroup, isAllowed });
    // Strictly better by a hair, so near-ties keep the simpler (smaller k) answer.
    if (isAllowed && (best === null || silhouette > best.silhouette + 1e-9))
      best = { kmeans, silhouette };
  }
  return { best, candidates };
}

/** Relabel groups largest first, then by centroid x, then y, so ids do not depend on k-means' order. */
function canonicalLabels(points: readonly (readonly number[])[], kmeans: KMeans): number[] {
  const sizes = new Array<number>(kmeans.k).fill(0);
  for (const l of kmeans.labels) sizes[l] = (sizes[l] ?? 0) + 1;
  const order = sizes
    .map((size, c) => ({
      c,
      size,
      x: kmeans.centroids[c]?.[0] ?? 0,
      y: kmeans.centroids[c]?.[1] ?? 0,
    }))
    .sort((a, b) => b.size - a.size || a.x - b.x || a.y - b.y || a.c - b.c);
  const rename = new Map<number, number>();
  order.forEach((entry, id) => rename.set(entry.c, id));
  return points.map((_, i) => rename.get(kmeans.labels[i] ?? 0) ?? 0);
}

function summariseGroups(
  points: readonly (readonly number[])[],
  labels: readonly number[],
  k: number,
): OpinionGroup[] {
  const groups: OpinionGroup[] = [];
  for (let id = 0; id < k; id++) {
    let size = 0;
    let x = 0;
    let y = 0;
    points.forEach((pt, i) => {
      if (labels[i] !== id) return;
      size++;
      x += pt[0] ?? 0;
      y += pt[1] ?? 0;
    });
    groups.push({ id, size, centroid: { x: size > 0 ? x / size : 0, y: size > 0 ? y / size : 0 } });
  }
  return groups;
}

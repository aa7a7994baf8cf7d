/**
 * Consent rounds (sociocratic decision making): a proposal passes not when most people
 * like it but when nobody has a reason it must not go ahead. The outcome lists reasons only,
 * never who gave them, so it is safe to show to everyone including facilitators.
 */
import { fail, ok, type Result } from "../core/result";

/** A response to a proposal, from weakest to strongest reservation. */
export type ConsentPosition = "consent" | "concern" | "object" | "block";

/** All positions, in display order. */
export const consentPositions: readonly ConsentPosition[] = [
  "consent",
  "concern",
  "object",
  "block",
];

/** One person's current response (the caller passes one per person, their latest). */
export interface ConsentResponse {
  position: ConsentPosition;
  reason?: string | null;
  /**
   * For objections: the facilitator has marked it addressed (e.g. the proposal was amended
   * and the objector agreed). Ignored for other positions.
   */
  isResolved?: boolean;
}

/** Options for {@link decideConsent}. */
export interface ConsentOptions {
  /**
   * Responses needed before consent can be reached. No default: the application passes its
   * minimum-count rule (MIN_GROUP_SIZE), so silence from most of a small group is not consent.
   */
  quorum: number;
}

/** Machine-readable outcome. Priority when several apply: blocked, objections, no_quorum. */
export type ConsentOutcomeCode = "reached" | "blocked" | "objections" | "no_quorum";

/** The outcome of a consent round. */
export interface ConsentOutcome {
  reached: boolean;
  outcome: ConsentOutcomeCode;
  /** One line for people, e.g. "Consent reached, with 2 concerns noted." */
  status: string;
  counts: Record<ConsentPosition, number> & { total: number };
  quorum: number;
  /** Reasons, sorted alphabetically so their order says nothing about who answered when. */
  blocks: string[];
  objections: string[];
  resolvedObjections: string[];
  concerns: string[];
}

/** Why a response was rejected. */
export type ConsentErrorCode = "invalid_position" | "reason_required" | "reason_too_long";

/** Longest reason accepted, in characters. */
export const maxReasonLength = 2000;

const noReason = "No reason given";

/**
 * Decide a consent round. Rules:
 * - any block: not reached (a block is a principled "this must not happen");
 * - otherwise any objection not marked resolved: not reached, the objections are listed
 *   so the proposal can be amended to address them;
 * - otherwise fewer than `quorum` responses: not reached (silence is not consent);
 * - otherwise reached. Concerns are listed but never stop consent.
 */
export function decideConsent(
  responses: readonly ConsentResponse[],
  options: ConsentOptions,
): ConsentOutcome {
  const quorum = Math.max(1, options.quorum);
  const counts = { consent: 0, concern: 0, object: 0, block: 0, total: 0 };
  const blocks: string[] = [];
  const objections: string[] = [];
  const resolvedObjections: string[] = [];
  const concerns: string[] = [];
  for (const r of responses) {
    counts[r.position]++;
    counts.total++;
    const reason = cleanReason(r.reason) || noReason;
    if (r.position === "block") blocks.push(reason);
    else if (r.position === "object") (r.isResolved ? resolvedObjections : objections).push(reason);
    else if (r.position === "concern" && cleanReason(r.reason)) concerns.push(reason);
  }
  for (const list of [blocks, objections, resolvedObjections, concerns]) list.sort(compareText);

  let outcome: ConsentOutcomeCode = "reached";
  if (blocks.length > 0) outcome = "blocked";
  else if (objections.length > 0) outcome = "objections";
  else if (counts.total < quorum) outcome = "no_quorum";
  return {
    reached: outcome === "reached",
    outcome,
    status: describe(outcome, counts, quorum, objections.length),
    counts,
    quorum,
    blocks,
    objections,
    resolvedObjections,
    concerns,
  };
}

/**
 * Validate a response before saving it: a known position, and a reason for objections
 * and blocks (the group cannot address a reservation nobody explained).
 */
export function validateConsentResponse(input: {
  position: string;
  reason?: string | null;
}): Result<{ position: ConsentPosition; reason: string | null }, ConsentErrorCode> {
  const position = consentPositions.find((p) => p === input.position);
  if (!position) return fail("invalid_position", "Choose consent, concern, object or block.");
  const reason = cleanReason(input.reason);
  if ((position === "object" || position === "block") && !reason) {
    return fail(
      "reason_required",
      `Please say why you ${position === "block" ? "block" : "object"}.`,
    );
  }
  if (reason.length > maxReasonLength)
    return fail("reason_too_long", `Keep the reason under ${maxReasonLength} characters.`);
  return ok({ position, reason: reason || null });
}

function describe(
  outcome: ConsentOutcomeCode,
  counts: Record<ConsentPosition, number>,
  quorum: number,
  openObjections: number,
): string {
  switch (outcome) {
    case "blocked":
      return `Consent not reached: blocked (${counts.block} ${counts.block === 1 ? "block" : "blocks"}).`;
    case "objections":
      return `Consent not reached: ${openObjections} ${openObjections === 1 ? "objection" : "objections"} to address.`;
    case "no_quorum":
      return `Consent not reached yet: at least ${quorum} responses are needed.`;
    case "reached":
      return counts.concern > 0
        ? `Consent reached, with ${counts.concern} ${counts.concern === 1 ? "concern" : "concerns"} noted.`
        : "Consent reached.";
    default:
      return assertNever(outcome);
  }
}

function cleanReason(reason: string | null | undefined): string {
  return (reason ?? "").trim().replace(/\s+/g, " ");
}

function compareText(a: string, b: string): number {
  // Plain code-unit order: locale-aware sorting would differ between server and tests.
  return a < b ? -1 : a > b ? 1 : 0;
}

function assertNever(value: never): never {
  throw new Error(`Unhandled consent outcome: ${String(value)}`);
}

/**
 * The minimum-count rule, the one place it is written down: an aggregate (a count, a rate,
 * a share, a simulated figure that depends on one) is shown to anyone only when the group of
 * people it is computed from has at least MIN_GROUP_SIZE people. Otherwise it is withheld:
 * null, with WITHHELD_LABEL for display.
 *
 * "The group it is computed from" is the denominator, not the campaign: a misexecution rate
 * is computed from the members who tried to confirm, so six records with one (failed)
 * confirmation give a rate over one person, which would name their mistake.
 */

/** Below this many people, aggregates show as "fewer than 5" and lists of people stay hidden. */
export const MIN_GROUP_SIZE = 5;

/** Shown instead of a withheld aggregate. */
export const WITHHELD_LABEL = `fewer than ${MIN_GROUP_SIZE}`;

/** True when an aggregate over `groupSize` people may be shown. */
export function isShown(groupSize: number): boolean {
  return Number.isFinite(groupSize) && groupSize >= MIN_GROUP_SIZE;
}

/** A count of people, or null when it is under the minimum. */
export function withheld(count: number): number | null {
  return isShown(count) ? count : null;
}

/** A count for display: the number, or "fewer than 5". */
export function countLabel(count: number): string {
  return isShown(count) ? String(count) : WITHHELD_LABEL;
}

/** Any value computed from a group of `groupSize` people, or null when the group is too small. */
export function gated<T>(value: T, groupSize: number): T | null {
  return isShown(groupSize) ? value : null;
}

/** numerator / denominator, or null when the denominator (the people it is over) is under the minimum. */
export function gatedRate(numerator: number, denominator: number): number | null {
  return isShown(denominator) ? numerator / denominator : null;
}

/** A share for display: "16.7%", or "fewer than 5" when withheld. */
export function rateLabel(rate: number | null, digits = 1): string {
  return rate === null ? WITHHELD_LABEL : `${(rate * 100).toFixed(digits)}%`;
}

/** Said wherever an assumption stands in for a withheld or unmeasured misexecution rate. */
export const MISEXECUTION_ASSUMPTION_NOTE = `misexecution is measured once at least ${MIN_GROUP_SIZE} members have tried to confirm`;

/**
 * The misexecution rate a forecast or stress test may use: the share of members whose last
 * confirmation failed, among those who tried, when at least MIN_GROUP_SIZE tried and some
 * failed. Null otherwise: the caller falls back to its default assumption and says so.
 */
export function usableMisexecution(c: { failing: number; attempted: number }): number | null {
  const rate = gatedRate(c.failing, c.attempted);
  return rate !== null && rate > 0 ? rate : null;
}

/**
 * The rule as the forecast pipeline (jobs/) takes it: jobs may not import lib, so the web
 * server, `npm run worker` and the forecast use-cases pass this in.
 */
export const minimumCountRule = { isShown, usableMisexecution };

/**
 * Dot voting: each person spreads up to N dots over the options. Validation of one
 * allocation, the results tally, and a stable per-person option order (so the first
 * option on screen does not collect dots just for being first).
 */
import { hashParts } from "../core/random";
import { fail, ok, type Result } from "../core/result";

/** The budget of a dot-voting session. */
export interface DotVoteRules {
  /** Dots per person, a positive integer. */
  dots: number;
  /**
   * Most dots one person may put on one option. Defaults to `dots` (stacking allowed,
   * as in Loomio); 1 turns dot voting into approval voting.
   */
  maxPerOption?: number;
}

/** Dots one person puts on one option. */
export interface DotAllocation {
  optionId: string;
  dots: number;
}

/** Why an allocation (or the rules) was rejected. All are input errors (HTTP 422). */
export type DotVoteErrorCode =
  | "invalid_rules"
  | "unknown_option"
  | "duplicate_option"
  | "not_an_integer"
  | "negative_dots"
  | "over_option_limit"
  | "over_budget";

/** One option's result. */
export interface DotOptionResult {
  optionId: string;
  dots: number;
  /** People who gave the option at least one dot. */
  supporters: number;
  /** dots / all dots cast; 0 when no dots were cast. */
  share: number;
  /** Competition rank: equal dots share a rank (1, 1, 3). */
  rank: number;
}

/** The tally of a dot-voting session. */
export interface DotVoteResults {
  /** Most dots first; ties keep the options' own order. */
  options: DotOptionResult[];
  /** People whose allocation was counted (including those who placed no dots). */
  participants: number;
  totalDots: number;
  /** Allocations skipped because they broke the rules (should be 0: they are validated on save). */
  ignored: number;
}

/**
 * Check one person's allocation: known options, each listed once, whole non-negative
 * numbers of dots, at most `maxPerOption` each and at most `dots` in total. Fewer dots than
 * the budget is allowed (a person may hold some back). Returns the allocation in option
 * order without zero entries, so stored allocations have one canonical form.
 */
export function validateAllocation(
  allocation: readonly DotAllocation[],
  optionIds: readonly string[],
  rules: DotVoteRules,
): Result<DotAllocation[], DotVoteErrorCode> {
  const checked = validateDotVoteRules(rules);
  if (!checked.ok) return checked;
  const { dots: budget, maxPerOption } = checked.value;
  const known = new Set(optionIds);
  const given = new Map<string, number>();
  let total = 0;
  for (const { optionId, dots } of allocation) {
    if (!known.has(optionId))
      return fail("unknown_option", `"${optionId}" is not an option in this session.`);
    if (given.has(optionId))
      return fail("duplicate_option", `"${optionId}" appears more than once.`);
    if (!Number.isInteger(dots)) return fail("not_an_integer", "Dots must be whole numbers.");
    if (dots < 0) return fail("negative_dots", "Dots cannot be negative.");
    if (dots > maxPerOption) {
      return fail(
        "over_option_limit",
        `At most ${maxPerOption} ${plural(maxPerOption)} per option.`,
      );
    }
    given.set(optionId, dots);
    total += dots;
  }
  if (total > budget) return fail("over_budget", `You placed ${total} dots but have ${budget}.`);
  const normalised: DotAllocation[] = [];
  for (const optionId of optionIds) {
    const dots = given.get(optionId) ?? 0;
    if (dots > 0) normalised.push({ optionId, dots });
  }
  return ok(normalised);
}

/**
 * Tally allocations (one per person). Each is re-validated and skipped if it breaks the
 * rules, so a bad row cannot inflate a result; `ignored` says how many were skipped.
 */
export function tallyDotVotes(
  optionIds: readonly string[],
  allocations: readonly (readonly DotAllocation[])[],
  rules: DotVoteRules,
): DotVoteResults {
  const dots = new Map<string, number>();
  const supporters = new Map<string, number>();
  let participants = 0;
  let ignored = 0;
  let totalDots = 0;
  for (const allocation of allocations) {
    const valid = validateAllocation(allocation, optionIds, rules);
    if (!valid.ok) {
      ignored++;
      continue;
    }
    participants++;
    for (const a of valid.value) {
      dots.set(a.optionId, (dots.get(a.optionId) ?? 0) + a.dots);
      supporters.set(a.optionId, (supporters.get(a.optionId) ?? 0) + 1);
      totalDots += a.dots;
    }
  }
  const rows = [...new Set(optionIds)].map((optionId) => ({
    optionId,
    dots: dots.get(optionId) ?? 0,
    supporters: supporters.get(optionId) ?? 0,
    share: totalDots > 0 ? (dots.get(optionId) ?? 0) / totalDots : 0,
    rank: 0,
  }));
  // Array.prototype.sort is stable, so ties keep the facilitator's option order.
  rows.sort((a, b) => b.dots - a.dots);
  rows.forEach((row, i) => {
    const previous = rows[i - 1];
    row.rank = previous && previous.dots === row.dots ? previous.rank : i + 1;
  });
  return { options: rows, participants, totalDots, ignored };
}

/**
 * The order one person sees the options in: a stable function of session, person and
 * option. Each option is keyed by a hash of (sessionId, userId, optionId) and the options
 * are sorted by key. Compared with a seeded Fisher-Yates this gives the same uniform
 * shuffle, and adding a brainstormed option slots it in without reshuffling the others
 * on the person's screen.
 */
export function shuffleOptionsFor(
  optionIds: readonly string[],
  sessionId: string,
  userId: string,
): string[] {
  return [...new Set(optionIds)]
    .map((optionId) => ({ optionId, key: hashParts("dot-order", sessionId, userId, optionId) }))
    .sort(
      (a, b) => a.key - b.key || (a.optionId < b.optionId ? -1 : a.optionId > b.optionId ? 1 : 0),
    )
    .map((entry) => entry.optionId);
}

/**
 * Check a session's dot rules (on creation): a positive whole budget and per-option limit.
 * Returns the rules with the default limit (the whole budget) filled in.
 */
export function validateDotVoteRules(
  rules: DotVoteRules,
): Result<Required<DotVoteRules>, DotVoteErrorCode> {
  const maxPerOption = rules.maxPerOption ?? rules.dots;
  if (!Number.isInteger(rules.dots) || rules.dots < 1) {
    return fail("invalid_rules", "Each person needs a whole, positive number of dots.");
  }
  if (!Number.isInteger(maxPerOption) || maxPerOption < 1) {
    return fail("invalid_rules", "The per-option limit must be a whole, positive number.");
  }
  return ok({ dots: rules.dots, maxPerOption });
}

function plural(n: number): string {
  return n === 1 ? "dot" : "dots";
}

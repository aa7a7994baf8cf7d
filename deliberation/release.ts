/**
 * Batched release of live results. While a session is open, results are republished only
 * once at least `minimum` people have cast or changed a ballot since the last release,
 * so comparing two consecutive releases never isolates one person's ballot (knowing when a
 * colleague voted must not reveal how). What a release may contain is decided here too.
 */
import type { ConsentOutcome } from "./consent";
import type { StatementResults } from "./statement-results";

/** Whether enough people changed their ballots since the last release to publish a new one. */
export function isReleaseDue(changedSinceLastRelease: number, minimum: number): boolean {
  return changedSinceLastRelease >= minimum;
}

/**
 * A consent outcome without its reasons, for an open round: counts and the status line stay,
 * the wording of each reservation is shown only when the round closes (a reason is often
 * recognisable as one person's, whatever the batch).
 */
export function withoutConsentReasons(outcome: ConsentOutcome): ConsentOutcome {
  return { ...outcome, blocks: [], objections: [], resolvedObjections: [], concerns: [] };
}

/**
 * Statement results restricted to the statements still approved: a statement rejected after
 * a release disappears at once, without waiting (and without recomputing from the ballots).
 */
export function keepStatements(
  results: StatementResults,
  statementIds: ReadonlySet<string>,
): StatementResults {
  return {
    ...results,
    tallies: results.tallies.filter((t) => statementIds.has(t.statementId)),
    representative: results.representative.map((g) => ({
      ...g,
      statements: g.statements.filter((s) => statementIds.has(s.statementId)),
    })),
    consensus: results.consensus.filter((c) => statementIds.has(c.statementId)),
  };
}

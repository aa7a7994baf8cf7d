import { describe, expect, it } from "vitest";
import { decideConsent } from "@/deliberation/consent";
import { isReleaseDue, keepStatements, withoutConsentReasons } from "@/deliberation/release";
import type { StatementResults } from "@/deliberation/statement-results";

describe("isReleaseDue", () => {
  it("waits for as many people as the minimum it is given (the app gives 5)", () => {
    expect([0, 1, 4, 5, 6].map((n) => isReleaseDue(n, 5))).toEqual([
      false,
      false,
      false,
      true,
      true,
    ]);
    expect(isReleaseDue(2, 3)).toBe(false);
    expect(isReleaseDue(3, 3)).toBe(true);
  });
});

describe("withoutConsentReasons", () => {
  it("keeps the counts and status and drops every reason", () => {
    const outcome = decideConsent(
      [
        { position: "block", reason: "No" },
        { position: "object", reason: "Later" },
        { position: "object", reason: "Fixed", isResolved: true },
        { position: "concern", reason: "Hmm" },
        { position: "consent" },
      ],
      { quorum: 5 },
    );
    const stripped = withoutConsentReasons(outcome);
    expect(stripped).toEqual({
      ...outcome,
      blocks: [],
      objections: [],
      resolvedObjections: [],
      concerns: [],
    });
    expect(stripped.counts).toEqual({ consent: 1, concern: 1, object: 2, block: 1, total: 5 });
    expect(JSON.stringify(stripped)).not.toMatch(/No"|Later|Fixed|Hmm/);
  });
});

describe("keepStatements", () => {
  it("drops tallies, representative and consensus entries of statements no longer shown", () => {
    const tally = (statementId: string) => ({
      statementId,
      agree: 1,
      disagree: 0,
      pass: 0,
      seen: 1,
    });
    const results: StatementResults = {
      tallies: [tally("a"), tally("b")],
      points: [{ x: 0, y: 0, groupId: 0, isViewer: false }],
      groups: [{ id: 0, size: 1, centroid: { x: 0, y: 0 } }],
      explainedVariance: [1, 0],
      representative: [
        {
          groupId: 0,
          statements: [
            {
              statementId: "a",
              direction: "agree",
              groupProbability: 1,
              restProbability: 0,
              ratio: 1,
              zGroup: 1,
              zVsRest: 1,
              score: 1,
              groupCount: 1,
              groupSeen: 1,
            },
            {
              statementId: "b",
              direction: "agree",
              groupProbability: 1,
              restProbability: 0,
              ratio: 1,
              zGroup: 1,
              zVsRest: 1,
              score: 1,
              groupCount: 1,
              groupSeen: 1,
            },
          ],
        },
      ],
      consensus: [{ statementId: "b", direction: "agree", groupInformedConsensus: 1, groups: [] }],
    };
    const kept = keepStatements(results, new Set(["a"]));
    expect(kept.tallies.map((t) => t.statementId)).toEqual(["a"]);
    expect(kept.representative[0]!.statements.map((s) => s.statementId)).toEqual(["a"]);
    expect(kept.consensus).toEqual([]);
    expect(kept.points).toBe(results.points);
  });
});

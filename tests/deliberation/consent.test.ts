import { describe, expect, it } from "vitest";
import {
  decideConsent,
  validateConsentResponse,
  type ConsentResponse,
} from "@/deliberation/consent";

// The application passes its minimum-count rule (MIN_GROUP_SIZE, 5) as the quorum.
const rule = { quorum: 5 };

const consents = (n: number): ConsentResponse[] =>
  Array.from({ length: n }, () => ({ position: "consent" }));

describe("decideConsent", () => {
  it("reaches consent with enough responses and no reservations", () => {
    const outcome = decideConsent(consents(5), rule);
    expect(outcome).toMatchObject({
      reached: true,
      outcome: "reached",
      status: "Consent reached.",
    });
    expect(outcome.counts).toEqual({ consent: 5, concern: 0, object: 0, block: 0, total: 5 });
  });

  it("is not reached when anyone blocks, however many consent", () => {
    const outcome = decideConsent(
      [...consents(40), { position: "block", reason: "Puts members at risk of retaliation" }],
      rule,
    );
    expect(outcome.reached).toBe(false);
    expect(outcome.outcome).toBe("blocked");
    expect(outcome.blocks).toEqual(["Puts members at risk of retaliation"]);
    expect(outcome.status).toBe("Consent not reached: blocked (1 block).");
  });

  it("lists unresolved objections to address and does not reach consent", () => {
    const outcome = decideConsent(
      [
        ...consents(6),
        { position: "object", reason: "  No plan for members on probation " },
        { position: "object", reason: "Instructions are too long" },
      ],
      rule,
    );
    expect(outcome).toMatchObject({ reached: false, outcome: "objections" });
    expect(outcome.objections).toEqual([
      "Instructions are too long",
      "No plan for members on probation",
    ]);
    expect(outcome.status).toBe("Consent not reached: 2 objections to address.");
  });

  it("reaches consent once objections are marked resolved, and still reports them", () => {
    const outcome = decideConsent(
      [...consents(5), { position: "object", reason: "Too vague", isResolved: true }],
      rule,
    );
    expect(outcome.reached).toBe(true);
    expect(outcome.objections).toEqual([]);
    expect(outcome.resolvedObjections).toEqual(["Too vague"]);
  });

  it("lists concerns without letting them stop consent", () => {
    const outcome = decideConsent(
      [
        ...consents(3),
        { position: "concern", reason: "Timing is tight" },
        { position: "concern", reason: "Check with legal" },
      ],
      rule,
    );
    expect(outcome.reached).toBe(true);
    expect(outcome.concerns).toEqual(["Check with legal", "Timing is tight"]);
    expect(outcome.status).toBe("Consent reached, with 2 concerns noted.");
  });

  it("needs a quorum: 5 as the app passes it, or any other", () => {
    expect(decideConsent(consents(4), rule)).toMatchObject({
      reached: false,
      outcome: "no_quorum",
      quorum: 5,
    });
    expect(decideConsent([], rule)).toMatchObject({ reached: false, outcome: "no_quorum" });
    expect(decideConsent(consents(4), { quorum: 3 }).reached).toBe(true);
    expect(decideConsent(consents(9), { quorum: 10 }).reached).toBe(false);
  });

  it("reports a block before objections, and objections before a missing quorum", () => {
    expect(
      decideConsent(
        [
          { position: "block", reason: "a" },
          { position: "object", reason: "b" },
        ],
        rule,
      ).outcome,
    ).toBe("blocked");
    expect(decideConsent([{ position: "object", reason: "b" }], rule).outcome).toBe("objections");
  });

  it("returns reasons only: no ids, sorted so order says nothing about who answered when", () => {
    const responses = [
      { position: "object", reason: "zeta", participantId: "alice" },
      { position: "object", reason: "alpha", participantId: "bob" },
      { position: "block" },
    ] satisfies (ConsentResponse & { participantId?: string })[];
    const outcome = decideConsent(responses, rule);
    expect(outcome.objections).toEqual(["alpha", "zeta"]);
    expect(outcome.blocks).toEqual(["No reason given"]);
    const text = JSON.stringify(outcome);
    expect(text).not.toContain("alice");
    expect(text).not.toContain("bob");
  });
});

describe("validateConsentResponse", () => {
  it("requires a reason to object or block, not to consent or raise a concern", () => {
    expect(validateConsentResponse({ position: "consent" })).toEqual({
      ok: true,
      value: { position: "consent", reason: null },
    });
    expect(validateConsentResponse({ position: "concern", reason: "" }).ok).toBe(true);
    expect(validateConsentResponse({ position: "object", reason: "   " })).toMatchObject({
      ok: false,
      code: "reason_required",
    });
    expect(validateConsentResponse({ position: "block" })).toMatchObject({
      ok: false,
      code: "reason_required",
    });
    expect(validateConsentResponse({ position: "block", reason: " unsafe " })).toEqual({
      ok: true,
      value: { position: "block", reason: "unsafe" },
    });
  });

  it("rejects unknown positions and overlong reasons", () => {
    expect(validateConsentResponse({ position: "veto" })).toMatchObject({
      ok: false,
      code: "invalid_position",
    });
    expect(validateConsentResponse({ position: "object", reason: "x".repeat(2001) })).toMatchObject(
      {
        ok: false,
        code: "reason_too_long",
      },
    );
  });
});

import { describe, expect, it } from "vitest";
import {
  canShowResults,
  canVote,
  effectivePhase,
  transition,
  type PhaseState,
} from "@/deliberation/phases";

const now = new Date("2026-11-22T12:00:00Z");
const later = new Date("2026-11-22T13:00:00Z");
const earlier = new Date("2026-11-22T11:00:00Z");
const draft: PhaseState = { phase: "draft", closesAt: null };
const open: PhaseState = { phase: "open", closesAt: null };
const closed: PhaseState = { phase: "closed", closesAt: null };

describe("transition", () => {
  it("opens a draft, closes it and reopens it", () => {
    const opened = transition(draft, { type: "open", now, closesAt: later });
    expect(opened).toEqual({ ok: true, value: { phase: "open", closesAt: later } });
    const closedNow = transition(open, { type: "close", now });
    expect(closedNow).toEqual({ ok: true, value: { phase: "closed", closesAt: null } });
    expect(transition(closed, { type: "reopen", now })).toEqual({
      ok: true,
      value: { phase: "open", closesAt: null },
    });
  });

  it.each([
    ["open", open, "open"],
    ["open", closed, "open"],
    ["close", draft, "close"],
    ["close", closed, "close"],
    ["reopen", draft, "reopen"],
    ["reopen", open, "reopen"],
  ] as const)("refuses to %s a session that is %o", (_, state, type) => {
    const result = transition(state, { type, now });
    expect(result).toMatchObject({ ok: false, code: "illegal_transition" });
  });

  it("refuses a close time in the past", () => {
    expect(transition(draft, { type: "open", now, closesAt: earlier })).toMatchObject({
      ok: false,
      code: "closes_at_in_past",
    });
    expect(transition(draft, { type: "open", now, closesAt: now })).toMatchObject({
      ok: false,
      code: "closes_at_in_past",
    });
    expect(transition(closed, { type: "reopen", now, closesAt: earlier })).toMatchObject({
      ok: false,
      code: "closes_at_in_past",
    });
    expect(transition(open, { type: "schedule", now, closesAt: earlier })).toMatchObject({
      ok: false,
      code: "closes_at_in_past",
    });
  });

  it("treats a session past its close time as closed", () => {
    const expired: PhaseState = { phase: "open", closesAt: earlier };
    expect(effectivePhase(expired, now)).toBe("closed");
    expect(transition(expired, { type: "close", now })).toMatchObject({
      ok: false,
      code: "illegal_transition",
    });
    // Reopening clears a close time already passed, else it would close again at once.
    expect(transition(expired, { type: "reopen", now })).toEqual({
      ok: true,
      value: { phase: "open", closesAt: null },
    });
    expect(transition(expired, { type: "reopen", now, closesAt: later })).toEqual({
      ok: true,
      value: { phase: "open", closesAt: later },
    });
  });

  it("schedules or clears the close time of a draft or open session, not a closed one", () => {
    expect(transition(draft, { type: "schedule", now, closesAt: later })).toEqual({
      ok: true,
      value: { phase: "draft", closesAt: later },
    });
    expect(
      transition({ phase: "open", closesAt: later }, { type: "schedule", now, closesAt: null }),
    ).toEqual({
      ok: true,
      value: { phase: "open", closesAt: null },
    });
    expect(transition(closed, { type: "schedule", now, closesAt: later })).toMatchObject({
      ok: false,
      code: "illegal_transition",
    });
  });
});

describe("canVote", () => {
  it("allows voting only while open and before the close time", () => {
    expect(canVote(draft, now)).toBe(false);
    expect(canVote(open, now)).toBe(true);
    expect(canVote(closed, now)).toBe(false);
    const timed: PhaseState = { phase: "open", closesAt: later };
    expect(canVote(timed, now)).toBe(true);
    expect(canVote(timed, later)).toBe(false);
    expect(canVote(timed, new Date(later.getTime() - 1))).toBe(true);
  });
});

describe("canShowResults", () => {
  // The application's minimum-count rule (MIN_GROUP_SIZE in lib/privacy.ts).
  const minimum = 5;

  it("hides dot-vote results until close; statement and consent results are live", () => {
    expect(canShowResults("dots", open, now, 10, minimum)).toBe(false);
    expect(canShowResults("dots", closed, now, 10, minimum)).toBe(true);
    expect(canShowResults("dots", { phase: "open", closesAt: earlier }, now, 10, minimum)).toBe(
      true,
    );
    expect(canShowResults("statements", open, now, 10, minimum)).toBe(true);
    expect(canShowResults("consent", open, now, 10, minimum)).toBe(true);
    expect(canShowResults("statements", draft, now, 10, minimum)).toBe(false);
  });

  it("shows nothing below 5 participants", () => {
    expect(canShowResults("statements", closed, now, 4, minimum)).toBe(false);
    expect(canShowResults("dots", closed, now, 4, minimum)).toBe(false);
    expect(canShowResults("statements", closed, now, 5, minimum)).toBe(true);
  });

  it("takes the minimum from its caller rather than a number of its own", () => {
    expect(canShowResults("statements", closed, now, 6, 7)).toBe(false);
    expect(canShowResults("consent", closed, now, 7, 7)).toBe(true);
    expect(canShowResults("dots", closed, now, 3, 3)).toBe(true);
  });
});

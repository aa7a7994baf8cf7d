import { describe, expect, it } from "vitest";
import {
  shuffleOptionsFor,
  tallyDotVotes,
  validateAllocation,
  validateDotVoteRules,
} from "@/deliberation/dot-voting";

const options = ["pay", "hours", "safety", "data", "union", "remote"];
const rules = { dots: 5 };

describe("validateAllocation", () => {
  it("accepts an allocation within budget and returns it in option order without zeros", () => {
    const result = validateAllocation(
      [
        { optionId: "data", dots: 2 },
        { optionId: "pay", dots: 3 },
        { optionId: "hours", dots: 0 },
      ],
      options,
      rules,
    );
    expect(result).toEqual({
      ok: true,
      value: [
        { optionId: "pay", dots: 3 },
        { optionId: "data", dots: 2 },
      ],
    });
  });

  it("allows holding dots back, and an empty allocation", () => {
    expect(validateAllocation([{ optionId: "pay", dots: 1 }], options, rules).ok).toBe(true);
    expect(validateAllocation([], options, rules)).toEqual({ ok: true, value: [] });
  });

  it.each([
    [
      "over budget",
      [
        { optionId: "pay", dots: 3 },
        { optionId: "data", dots: 3 },
      ],
      "over_budget",
    ],
    [
      "negative dots",
      [
        { optionId: "pay", dots: 5 },
        { optionId: "data", dots: -1 },
      ],
      "negative_dots",
    ],
    ["an unknown option", [{ optionId: "free lunch", dots: 1 }], "unknown_option"],
    ["fractional dots", [{ optionId: "pay", dots: 1.5 }], "not_an_integer"],
    ["NaN dots", [{ optionId: "pay", dots: Number.NaN }], "not_an_integer"],
    ["infinite dots", [{ optionId: "pay", dots: Number.POSITIVE_INFINITY }], "not_an_integer"],
    [
      "the same option twice",
      [
        { optionId: "pay", dots: 1 },
        { optionId: "pay", dots: 1 },
      ],
      "duplicate_option",
    ],
  ])("rejects %s", (_, allocation, code) => {
    const result = validateAllocation(allocation, options, rules);
    expect(result).toMatchObject({ ok: false, code });
    expect(result.ok || result.message.length > 0).toBe(true);
  });

  it("limits dots per option when maxPerOption is set", () => {
    const approval = { dots: 3, maxPerOption: 1 };
    expect(validateAllocation([{ optionId: "pay", dots: 2 }], options, approval)).toMatchObject({
      ok: false,
      code: "over_option_limit",
    });
    const spread = [
      { optionId: "pay", dots: 1 },
      { optionId: "data", dots: 1 },
      { optionId: "union", dots: 1 },
    ];
    expect(validateAllocation(spread, options, approval).ok).toBe(true);
    // By default all dots may go on one option.
    expect(validateAllocation([{ optionId: "pay", dots: 5 }], options, rules).ok).toBe(true);
  });

  it("rejects impossible rules", () => {
    expect(validateDotVoteRules({ dots: 0 })).toMatchObject({ ok: false, code: "invalid_rules" });
    expect(validateDotVoteRules({ dots: 2.5 })).toMatchObject({ ok: false, code: "invalid_rules" });
    expect(validateDotVoteRules({ dots: 3, maxPerOption: 0 })).toMatchObject({
      ok: false,
      code: "invalid_rules",
    });
    expect(validateDotVoteRules({ dots: 3 })).toEqual({
      ok: true,
      value: { dots: 3, maxPerOption: 3 },
    });
  });
});

describe("tallyDotVotes", () => {
  it("totals dots and supporters, ranks with ties, and skips invalid allocations", () => {
    const results = tallyDotVotes(
      options,
      [
        [
          { optionId: "pay", dots: 3 },
          { optionId: "safety", dots: 2 },
        ],
        [
          { optionId: "safety", dots: 3 },
          { optionId: "pay", dots: 1 },
        ],
        [{ optionId: "data", dots: 1 }],
        [],
        [{ optionId: "pay", dots: 9 }],
      ],
      rules,
    );
    expect(results.participants).toBe(4);
    expect(results.ignored).toBe(1);
    expect(results.totalDots).toBe(10);
    expect(results.options).toEqual([
      { optionId: "safety", dots: 5, supporters: 2, share: 0.5, rank: 1 },
      { optionId: "pay", dots: 4, supporters: 2, share: 0.4, rank: 2 },
      { optionId: "data", dots: 1, supporters: 1, share: 0.1, rank: 3 },
      // Ties share a rank and keep the facilitator's order.
      { optionId: "hours", dots: 0, supporters: 0, share: 0, rank: 4 },
      { optionId: "union", dots: 0, supporters: 0, share: 0, rank: 4 },
      { optionId: "remote", dots: 0, supporters: 0, share: 0, rank: 4 },
    ]);
  });
});

describe("shuffleOptionsFor", () => {
  it("is stable for the same person and session, whatever order options come in", () => {
    const first = shuffleOptionsFor(options, "session-1", "user-1");
    expect(shuffleOptionsFor(options, "session-1", "user-1")).toEqual(first);
    expect(shuffleOptionsFor([...options].reverse(), "session-1", "user-1")).toEqual(first);
    expect([...first].sort()).toEqual([...options].sort());
  });

  it("differs across people and sessions, and puts every option first for someone", () => {
    const orders = Array.from({ length: 60 }, (_, i) =>
      shuffleOptionsFor(options, "session-1", `user-${i}`).join(","),
    );
    expect(new Set(orders).size).toBeGreaterThanOrEqual(50);
    const firsts = new Set(orders.map((o) => o.split(",")[0]));
    expect(firsts.size).toBe(options.length);
    expect(shuffleOptionsFor(options, "session-2", "user-1")).not.toEqual(
      shuffleOptionsFor(options, "session-1", "user-1"),
    );
  });

  it("spreads the first position roughly evenly", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 600; i++) {
      const first = shuffleOptionsFor(options, "s", `member-${i}`)[0] ?? "";
      counts.set(first, (counts.get(first) ?? 0) + 1);
    }
    for (const option of options) {
      expect(counts.get(option) ?? 0).toBeGreaterThan(60);
      expect(counts.get(option) ?? 0).toBeLessThan(140);
    }
  });

  it("keeps the others' relative order when an option is added", () => {
    const before = shuffleOptionsFor(options, "session-1", "user-7");
    const after = shuffleOptionsFor([...options, "brainstormed"], "session-1", "user-7");
    expect(after.filter((o) => o !== "brainstormed")).toEqual(before);
  });
});

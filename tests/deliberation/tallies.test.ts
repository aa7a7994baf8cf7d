import { describe, expect, it } from "vitest";
import {
  formatCount,
  gateResults,
  meetsMinimumGroup,
  tallyStatements,
  tallyVoteRecords,
} from "@/deliberation/tallies";
import { buildVoteMatrix, validateVoteMatrix, type VoteRecord } from "@/deliberation/vote-matrix";
import { MIN_GROUP_SIZE } from "@/lib/privacy";

const records: VoteRecord[] = [
  { participantId: "u2", statementId: "a", vote: 1 },
  { participantId: "u1", statementId: "a", vote: -1 },
  { participantId: "u1", statementId: "b", vote: 0 },
  { participantId: "u3", statementId: "a", vote: 1 },
  { participantId: "u3", statementId: "rejected", vote: 1 },
  { participantId: "u4", statementId: "rejected", vote: -1 },
];

describe("tallies", () => {
  it("counts agree, disagree and pass per statement, ignoring unseen cells", () => {
    const matrix = buildVoteMatrix(records, ["a", "b"]);
    expect(tallyStatements(matrix)).toEqual([
      { statementId: "a", agree: 2, disagree: 1, pass: 0, seen: 3 },
      { statementId: "b", agree: 0, disagree: 0, pass: 1, seen: 1 },
    ]);
    expect(tallyVoteRecords(records, ["a", "b"])).toEqual(tallyStatements(matrix));
  });

  it("builds a matrix sorted by participant, without people who only voted on unlisted statements", () => {
    const matrix = buildVoteMatrix(records, ["a", "b"]);
    expect(matrix.participantIds).toEqual(["u1", "u2", "u3"]);
    expect(matrix.votes).toEqual([
      [-1, 0],
      [1, null],
      [1, null],
    ]);
    expect(validateVoteMatrix(matrix).ok).toBe(true);
    expect(buildVoteMatrix([...records].reverse(), ["a", "b"])).toEqual(matrix);
  });

  it("rejects ragged matrices, duplicate ids and bad cells", () => {
    expect(validateVoteMatrix({ participantIds: ["x"], statementIds: ["a"], votes: [] }).ok).toBe(
      false,
    );
    expect(
      validateVoteMatrix({ participantIds: ["x", "x"], statementIds: ["a"], votes: [[1], [1]] }).ok,
    ).toBe(false);
    const bad = JSON.parse('{"participantIds":["x"],"statementIds":["a"],"votes":[[2]]}');
    expect(validateVoteMatrix(bad)).toMatchObject({ ok: false, code: "invalid_matrix" });
  });
});

// The engine keeps no minimum of its own: the application passes its rule, MIN_GROUP_SIZE.
describe("minimum-count rule", () => {
  it("shows results only from 5 participants", () => {
    expect(MIN_GROUP_SIZE).toBe(5);
    expect(meetsMinimumGroup(4, MIN_GROUP_SIZE)).toBe(false);
    expect(meetsMinimumGroup(5, MIN_GROUP_SIZE)).toBe(true);
  });

  it("formats small counts as 'fewer than 5'", () => {
    expect(formatCount(0, MIN_GROUP_SIZE)).toBe("fewer than 5");
    expect(formatCount(4, MIN_GROUP_SIZE)).toBe("fewer than 5");
    expect(formatCount(5, MIN_GROUP_SIZE)).toBe("5");
    expect(formatCount(12, MIN_GROUP_SIZE)).toBe("12");
    expect(formatCount(2, 3)).toBe("fewer than 3");
  });

  it("does not even compute results below the minimum", () => {
    let built = 0;
    const build = () => {
      built++;
      return { secret: true };
    };
    expect(gateResults(4, build, MIN_GROUP_SIZE)).toEqual({
      isVisible: false,
      participants: "fewer than 5",
      message: "Results appear once at least 5 people have taken part.",
    });
    expect(built).toBe(0);
    expect(gateResults(5, build, MIN_GROUP_SIZE)).toEqual({
      isVisible: true,
      participants: 5,
      results: { secret: true },
    });
    expect(built).toBe(1);
  });
});

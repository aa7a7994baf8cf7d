import { describe, expect, it } from "vitest";
import {
  computeInsertion,
  countItemIds,
  describeInstruction,
  verifyInsertion,
  verifyWithdrawal,
  type InsertionInstruction,
} from "@/ml/recommender";

const playlist = ["hit", "pop", "rare", "b", "deep", "gem", "hit2"];
const popularity = new Map(
  Object.entries({ hit: 900, pop: 300, rare: 1, b: 50, deep: 4, gem: 8, hit2: 700 }),
);

function instructionFor(strategy: "dirlof" | "end" = "dirlof"): InsertionInstruction {
  const r = computeInsertion({
    sequenceId: "Road trip",
    items: playlist,
    item: "S",
    strategy,
    popularity,
  });
  if (!r.ok) throw new Error(r.message);
  return r.instruction;
}

describe("member instruction", () => {
  it("dirlof: in playlist X, add S right after its least frequent track, with the position", () => {
    const i = instructionFor();
    expect(i).toEqual({
      sequenceId: "Road trip",
      item: "S",
      strategy: "dirlof",
      index: 3,
      position: 4,
      after: "rare",
      before: "b",
    });
    const names: Record<string, string> = { S: "Our Song", rare: "B-side by Mara" };
    expect(describeInstruction(i, (id) => names[id] ?? id)).toBe(
      "In Road trip, add Our Song right after B-side by Mara (position 4).",
    );
  });

  it("inclust uses the collective's counts; random is stable per sequence; end appends", () => {
    const collective = countItemIds([
      ["b", "x"],
      ["b", "deep"],
      ["deep", "b"],
    ]);
    const r = computeInsertion({
      sequenceId: "p",
      items: playlist,
      item: "S",
      strategy: "inclust",
      popularity,
      collectiveCounts: collective,
    });
    expect(r.ok && r.instruction.after).toBe("b");
    const random = (id: string) =>
      computeInsertion({ sequenceId: id, items: playlist, item: "S", strategy: "random", seed: 3 });
    expect(random("p")).toEqual(random("p"));
    const places = new Set(
      ["a", "b", "c", "d", "e", "f"].map((id) => {
        const x = random(id);
        return x.ok ? x.instruction.index : -1;
      }),
    );
    expect(places.size).toBeGreaterThan(1);
    const end = instructionFor("end");
    expect([end.index, end.after, end.before]).toEqual([7, "hit2", null]);
    expect(describeInstruction(end)).toBe("In Road trip, add S right after hit2 (position 8).");
  });

  it("refuses a sequence that already holds the item", () => {
    const r = computeInsertion({ sequenceId: "p", items: ["a", "S"], item: "S", strategy: "end" });
    expect(r).toMatchObject({ ok: false, code: "already-present" });
  });

  it("words the start of a sequence and an empty one", () => {
    // Only `random` places an item first; the wording is checked on such an instruction.
    const first: InsertionInstruction = {
      sequenceId: "p",
      item: "S",
      strategy: "random",
      index: 0,
      position: 1,
      after: null,
      before: "a",
    };
    expect(describeInstruction(first)).toBe(
      "In p, add S at the very start, before a (position 1).",
    );
    expect(verifyInsertion(["a", "b"], ["S", "a", "b"], first)).toEqual({ ok: true });
    const empty = computeInsertion({ sequenceId: "p", items: [], item: "S", strategy: "end" });
    expect(empty.ok && describeInstruction(empty.instruction)).toBe(
      "In p, add S as its only item (position 1).",
    );
  });
});

describe("verifying a member's edit", () => {
  const i = instructionFor();
  const edited = ["hit", "pop", "rare", "S", "b", "deep", "gem", "hit2"];

  it("accepts the item once, at the instructed place, nothing else changed", () => {
    expect(verifyInsertion(playlist, edited, i)).toEqual({ ok: true });
  });

  it("says what is wrong, one reason at a time", () => {
    const code = (e: string[]) => {
      const r = verifyInsertion(playlist, e, i);
      return r.ok ? "ok" : `${r.code}: ${r.message}`;
    };
    expect(code(playlist)).toBe('target-missing: "S" is not in the edited sequence');
    expect(code(["S", ...edited])).toBe(
      'target-repeated: "S" appears 2 times (positions 1, 5); add it once',
    );
    expect(code(["hit", "pop", "rare", "b", "deep", "gem", "hit2", "S"])).toBe(
      'wrong-place: "S" is at position 8; the instruction was right after "rare" (position 4)',
    );
    expect(code(["hit", "pop", "rare", "S", "b", "gem", "deep", "hit2"])).toBe(
      'other-changes: besides adding "S", the sequence changed: position 5 should be "deep" but is "gem"',
    );
    expect(code(["hit", "pop", "rare", "S", "b", "deep", "gem"])).toBe(
      'other-changes: besides adding "S", the sequence changed: 1 item(s) missing at the end',
    );
    expect(code([...edited, "new"])).toMatch(/other-changes: .*1 extra item\(s\) at the end/);
  });

  it("refuses an instruction made for another version of the sequence", () => {
    const changed = ["pop", "hit", "rare", "b", "deep", "gem", "hit2"];
    const r = verifyInsertion(changed, ["pop", "hit", "rare", "S", "b", "deep", "gem", "hit2"], {
      ...i,
      after: "pop",
    });
    expect(r).toMatchObject({ ok: false, code: "stale-instruction" });
  });

  it("withdrawal: the item removed, nothing else", () => {
    expect(verifyWithdrawal(edited, playlist, "S")).toEqual({ ok: true });
    expect(verifyWithdrawal(edited, edited, "S")).toMatchObject({ code: "target-still-present" });
    expect(verifyWithdrawal(edited, playlist.slice(1), "S")).toMatchObject({
      code: "other-changes",
    });
  });
});

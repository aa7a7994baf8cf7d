import { describe, expect, it } from "vitest";
import { diffWords, type DiffPart } from "@/components/campaigns/word-diff";

const side = (parts: DiffPart[], drop: DiffPart["kind"]) =>
  parts
    .filter((p) => p.kind !== drop)
    .map((p) => p.text)
    .join("");
const words = (parts: DiffPart[], kind: DiffPart["kind"]) =>
  parts
    .filter((p) => p.kind === kind)
    .flatMap((p) => p.text.split(/\s+/))
    .filter(Boolean);

/** Every diff must rebuild both texts exactly: equal + delete = before, equal + insert = after. */
function diff(before: string, after: string): DiffPart[] {
  const parts = diffWords(before, after);
  expect(side(parts, "insert")).toBe(before);
  expect(side(parts, "delete")).toBe(after);
  for (const p of parts) expect(p.text).not.toBe("");
  for (let i = 1; i < parts.length; i++) expect(parts[i]?.kind).not.toBe(parts[i - 1]?.kind);
  return parts;
}

const lorem = Array.from({ length: 60 }, (_, i) => `word${i}`);

describe("diffWords", () => {
  it("marks a token inserted at the end, and nothing else", () => {
    const before = "Cheap meds online, best prices guaranteed for everyone";
    const parts = diff(before, `${before} zqxj`);
    expect(parts).toEqual([
      { kind: "equal", text: before },
      { kind: "insert", text: " zqxj" },
    ]);
  });

  it("marks a token planted after every 10th word, each one on its own", () => {
    const after = lorem.flatMap((w, i) => ((i + 1) % 10 === 0 ? [w, "zqxj"] : [w])).join(" ");
    const parts = diff(lorem.join(" "), after);
    expect(words(parts, "insert")).toEqual(Array(6).fill("zqxj"));
    expect(parts.filter((p) => p.kind === "insert")).toHaveLength(6);
    expect(words(parts, "delete")).toEqual([]);
  });

  it("marks a removed word and inserts nothing", () => {
    const parts = diff("please unsubscribe me now", "please me now");
    expect(words(parts, "delete")).toEqual(["unsubscribe"]);
    expect(words(parts, "insert")).toEqual([]);
  });

  it("marks a replaced word as removed then inserted, in place", () => {
    const parts = diff("the label is spam today", "the label is ham today");
    expect(parts).toEqual([
      { kind: "equal", text: "the label is " },
      { kind: "delete", text: "spam" },
      { kind: "insert", text: "ham" },
      { kind: "equal", text: " today" },
    ]);
  });

  it("reads a replaced run of words as one removal and one insertion", () => {
    const parts = diff("keep a b c keep", "keep x y z keep");
    expect(parts).toEqual([
      { kind: "equal", text: "keep " },
      { kind: "delete", text: "a b c" },
      { kind: "insert", text: "x y z" },
      { kind: "equal", text: " keep" },
    ]);
  });

  it("marks nothing in identical texts", () => {
    const text = "same  text,\nwith a line break";
    expect(diff(text, text)).toEqual([{ kind: "equal", text }]);
  });

  it("handles empty texts on either side", () => {
    expect(diff("", "")).toEqual([]);
    expect(diff("", "new words")).toEqual([{ kind: "insert", text: "new words" }]);
    expect(diff("old words", "")).toEqual([{ kind: "delete", text: "old words" }]);
  });

  it("finds the minimal change in the middle, not just a shared prefix and suffix", () => {
    const before = lorem.slice(0, 20).join(" ");
    const after = lorem
      .slice(0, 20)
      .map((w, i) => (i === 5 ? "five" : i === 14 ? `${w} extra` : w))
      .filter((_, i) => i !== 9)
      .join(" ");
    const parts = diff(before, after);
    expect(words(parts, "delete")).toEqual(["word5", "word9"]);
    expect(words(parts, "insert")).toEqual(["five", "extra"]);
  });
});

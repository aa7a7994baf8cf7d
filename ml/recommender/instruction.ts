/**
 * One member's concrete instruction ("In playlist X, add S right after A (position 7)") and
 * the checks the server runs on the member's edited sequence: the target is there once, at
 * the instructed place, and nothing else changed; and, to withdraw, that it is gone again.
 * Item ids are strings here (track URIs), as the app stores them.
 */
import { createRng, deriveSeed } from "../../core/random";
import { insertionIndex, type InsertionStrategy } from "./strategies";

export interface InsertionInstruction {
  sequenceId: string;
  /** The target item to add. */
  item: string;
  strategy: InsertionStrategy;
  /** 0-based index of the target in the edited sequence. */
  index: number;
  /** 1-based position, as a person counts tracks in a playlist (index + 1). */
  position: number;
  /** The item right before the target (the anchor for dirlof / inclust); null: at the start. */
  after: string | null;
  /** The item right after the target; null: at the end. */
  before: string | null;
}

export type InstructionResult =
  | { ok: true; instruction: InsertionInstruction }
  | { ok: false; code: "already-present"; message: string };

/** Counts by item id, as a map or a function (unknown items count 0). */
export type ItemCountSource = ReadonlyMap<string, number> | ((item: string) => number);

export interface InsertionInput {
  sequenceId: string;
  /** The member's sequence as it is now, item ids in order. */
  items: readonly string[];
  /** The target item. */
  item: string;
  strategy: InsertionStrategy;
  /** Global counts or a proxy (dirlof, and inclust's ties); unknown items count 0. */
  popularity?: ItemCountSource;
  /** Counts within the collective's sequences (inclust). */
  collectiveCounts?: ItemCountSource;
  /** Seed for `random`: the place is drawn from (seed, sequenceId), so it is stable. */
  seed?: number;
}

function counter(c: ItemCountSource | undefined): (item: string) => number {
  if (c === undefined) return () => 0;
  if (typeof c === "function") return c;
  return (item) => c.get(item) ?? 0;
}

/**
 * How often each item occurs over some sequences: a sample's counts as dirlof's popularity
 * proxy, or the collective's own sequences for inclust.
 */
export function countItemIds(sequences: Iterable<readonly string[]>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of sequences) for (const item of s) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

/** Where this member adds the target, or why they should not add it. */
export function computeInsertion(input: InsertionInput): InstructionResult {
  const { items, item } = input;
  if (items.includes(item))
    return {
      ok: false,
      code: "already-present",
      message: `"${item}" is already in ${input.sequenceId}; a member adds it once and only where it is missing`,
    };
  const index = insertionIndex(items, input.strategy, {
    popularity: counter(input.popularity),
    collectiveCount: counter(input.collectiveCounts),
    draw: createRng(deriveSeed(input.seed ?? 0, "insert", input.sequenceId)).next(),
  });
  return {
    ok: true,
    instruction: {
      sequenceId: input.sequenceId,
      item,
      strategy: input.strategy,
      index,
      position: index + 1,
      after: index > 0 ? (items[index - 1] ?? null) : null,
      before: items[index] ?? null,
    },
  };
}

/** The instruction in words; `name` turns an item id into what people see (title by artist). */
export function describeInstruction(
  instruction: InsertionInstruction,
  name: (item: string) => string = (item) => item,
  sequenceName: string = instruction.sequenceId,
): string {
  const what = name(instruction.item);
  const where =
    instruction.after !== null
      ? `right after ${name(instruction.after)}`
      : instruction.before !== null
        ? `at the very start, before ${name(instruction.before)}`
        : "as its only item";
  return `In ${sequenceName}, add ${what} ${where} (position ${instruction.position}).`;
}

export type VerifyCode =
  | "target-missing"
  | "target-repeated"
  | "other-changes"
  | "wrong-place"
  | "stale-instruction"
  | "target-still-present";

export type VerifyResult = { ok: true } | { ok: false; code: VerifyCode; message: string };

function fail(code: VerifyCode, message: string): VerifyResult {
  return { ok: false, code, message };
}

/** The first place two sequences differ, in words (1-based positions). */
function firstDifference(expected: readonly string[], found: readonly string[]): string {
  const n = Math.max(expected.length, found.length);
  for (let i = 0; i < n; i++) {
    if (expected[i] === found[i]) continue;
    if (i >= found.length) return `${expected.length - found.length} item(s) missing at the end`;
    if (i >= expected.length) return `${found.length - expected.length} extra item(s) at the end`;
    return `position ${i + 1} should be "${expected[i] ?? ""}" but is "${found[i] ?? ""}"`;
  }
  return "no difference";
}

/**
 * Check a member's edit: `original` is the sequence the instruction was computed on,
 * `edited` the sequence they submit now. Other changes are refused whatever the target does,
 * so a submitted playlist can never smuggle in other edits.
 */
export function verifyInsertion(
  original: readonly string[],
  edited: readonly string[],
  instruction: InsertionInstruction,
): VerifyResult {
  const { item, index } = instruction;
  const expectedAfter = index > 0 ? (original[index - 1] ?? null) : null;
  if (original.includes(item) || index > original.length || expectedAfter !== instruction.after)
    return fail(
      "stale-instruction",
      "the instruction was made for a different version of this sequence; ask for a new one",
    );
  const places = edited.flatMap((x, i) => (x === item ? [i] : []));
  if (places.length === 0) return fail("target-missing", `"${item}" is not in the edited sequence`);
  if (places.length > 1)
    return fail(
      "target-repeated",
      `"${item}" appears ${places.length} times (positions ${places.map((p) => p + 1).join(", ")}); add it once`,
    );
  const at = places[0] ?? 0;
  const without = edited.filter((_, i) => i !== at);
  if (without.length !== original.length || without.some((x, i) => x !== original[i]))
    return fail(
      "other-changes",
      `besides adding "${item}", the sequence changed: ${firstDifference(original, without)}`,
    );
  if (at !== index) {
    const wanted =
      instruction.after !== null ? `right after "${instruction.after}"` : "at the very start";
    return fail(
      "wrong-place",
      `"${item}" is at position ${at + 1}; the instruction was ${wanted} (position ${index + 1})`,
    );
  }
  return { ok: true };
}

/** Check a withdrawal: `edited` must be `current` with the target's one occurrence removed. */
export function verifyWithdrawal(
  current: readonly string[],
  edited: readonly string[],
  item: string,
): VerifyResult {
  if (edited.includes(item))
    return fail("target-still-present", `"${item}" is still in the sequence`);
  const expected = current.filter((x) => x !== item);
  if (expected.length !== edited.length || expected.some((x, i) => x !== edited[i]))
    return fail(
      "other-changes",
      `besides removing "${item}", the sequence changed: ${firstDifference(expected, edited)}`,
    );
  return { ok: true };
}

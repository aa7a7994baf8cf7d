import { describe, expect, it } from "vitest";
import { createRng, fnv1a, hashParts, hashString } from "@/core/random";

// Both engines (ml/ and deliberation/) draw from this one module, so a change to it changes
// every seeded number in the app. The expected values below come from an independent
// Python transcription of mulberry32 and the murmur3 finaliser, and from the published
// FNV-1a test vectors, not from this code.

describe("createRng", () => {
  it("is mulberry32 started from the finalised seed", () => {
    const a = createRng(0);
    expect([a.next(), a.next(), a.next()]).toEqual([
      0.6225702704396099, 0.3551594908349216, 0.43118691933341324,
    ]);
    const b = createRng(42);
    expect([b.next(), b.next(), b.next()]).toEqual([
      0.24572046380490065, 0.5754302670247853, 0.3558912726584822,
    ]);
  });

  it("gives the same stream for the same seed, and int(n) stays in [0, n)", () => {
    const a = createRng(7);
    const b = createRng(7);
    const draws = Array.from({ length: 1000 }, () => a.int(3));
    expect(draws).toEqual(Array.from({ length: 1000 }, () => b.int(3)));
    expect(new Set(draws)).toEqual(new Set([0, 1, 2]));
  });
});

describe("string hashes", () => {
  it("fnv1a matches the FNV-1a 32-bit test vectors", () => {
    expect(fnv1a("")).toBe(0x811c9dc5);
    expect(fnv1a("a")).toBe(0xe40c292c);
    expect(fnv1a("foobar")).toBe(0xbf9cf968);
  });

  it("hashString is FNV-1a followed by the murmur3 finaliser", () => {
    expect(fnv1a("user-1")).toBe(4115888500);
    expect(fnv1a("user-2")).toBe(4166221357);
    expect(hashString("user-1")).toBe(2005895916);
    expect(hashString("user-2")).toBe(853201105);
  });

  it("hashParts joins with a separator ids cannot hold", () => {
    expect(hashParts("dot-order", "s1", "u1", "pay")).toBe(91741916);
    expect(hashParts("ab", "c")).not.toBe(hashParts("a", "bc"));
  });
});

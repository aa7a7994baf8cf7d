import { describe, expect, it } from "vitest";
import { safeReturnTo } from "@/lib/validation/return-to";

const ORIGIN = "https://concert.example";

/** Values as they reach safeReturnTo, i.e. after the query string was decoded once. */
const hostile: string[] = [
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r/evil.example",
  "/\r\n/evil.example",
  "/\u000b/evil.example",
  "/\u0000/evil.example",
  "\u0000//evil.example",
  "/\u00a0/evil.example",
  "/\u3000/evil.example",
  "/\u2028/evil.example",
  "/\u200b/evil.example",
  "/\u202e/evil.example",
  " //evil.example",
  "/ /evil.example",
  "%2F%09%2Fevil.example",
  "/%09/evil.example",
  "/%0A/evil.example",
  "/%0D/evil.example",
  "/%00/evil.example",
  "/%2509/evil.example",
  "//evil.example",
  "///evil.example",
  "////evil.example/x",
  "/\\evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "/%5Cevil.example",
  "/%5cevil.example",
  "/%2F%2Fevil.example",
  "/%2f%2fevil.example",
  "/%2F/evil.example",
  "/%252F%252Fevil.example",
  "/.//evil.example",
  "/..//evil.example",
  "/./%2F/evil.example",
  "https://evil.example",
  "http:evil.example",
  "http:/evil.example",
  "https:\\\\evil.example",
  "//evil.example@concert.example",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "java\tscript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "evil.example",
  "./evil",
  "../evil",
  "?x=1",
  "#top",
  "",
  "/%E0%A4%A",
  "/" + "a".repeat(5000),
];

const good: string[] = [
  "/",
  "/c/0f8e6a4e-2d11-4f0b-9d8a-8b9f5f1e2a3c",
  "/c/0f8e6a4e-2d11-4f0b-9d8a-8b9f5f1e2a3c/campaigns?tab=members#top",
  "/join/inv_abc123",
  "/sign-in?callbackUrl=%2Fc%2F1",
  "/c/%C3%A9t%C3%A9",
];

describe("safeReturnTo", () => {
  it.each(hostile)("refuses %j", (value) => {
    expect(safeReturnTo(value)).toBe("/");
    expect(safeReturnTo(value, "/home")).toBe("/home");
  });

  it.each(good)("keeps %j", (value) => {
    expect(safeReturnTo(value)).toBe(value);
  });

  it("never yields a value a browser would resolve to another origin", () => {
    for (const value of [...hostile, ...good]) {
      const out = safeReturnTo(value);
      expect(new URL(out, ORIGIN).origin).toBe(ORIGIN);
      expect(out.startsWith("/") && !out.startsWith("//")).toBe(true);
    }
  });

  it("takes the first of repeated query values and falls back on nothing", () => {
    expect(safeReturnTo(["/c/1", "//evil.example"])).toBe("/c/1");
    expect(safeReturnTo(["//evil.example", "/c/1"])).toBe("/");
    expect(safeReturnTo(undefined)).toBe("/");
    expect(safeReturnTo(null, "/x")).toBe("/x");
  });

  it("normalises dot segments within the site", () => {
    expect(safeReturnTo("/c/1/../2")).toBe("/c/2");
  });
});

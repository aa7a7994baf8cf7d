import { describe, expect, it } from "vitest";
import {
  applySignal,
  auditErase,
  auditSignal,
  campaignSchema,
  eraseCampaignSchema,
  plantCampaignSchema,
  fitCampaignContext,
  instruct,
  variantIndex,
  verify,
  type CampaignInput,
} from "@/ml/campaign";
import type { DataSchema, Row } from "@/ml/types";

const schema: DataSchema = {
  label: "label",
  text: ["text"],
  categorical: ["city"],
  numeric: [],
  group: "g",
};
const record: Row = {
  text: "one two three four five six seven eight nine ten eleven twelve",
  city: "lyon",
  label: "spam",
  g: "b",
};
const parse = (c: CampaignInput) => campaignSchema.parse(c);

describe("signals", () => {
  it("places a text token at the end, the start and after every k-th word", () => {
    const sig = (placement: "end" | "start" | "every") => ({
      kind: "text" as const,
      token: "zq",
      placement,
      every: 5,
    });
    expect(applySignal({ text: "a b" }, sig("end")).text).toBe("a b zq");
    expect(applySignal({ text: "a b" }, sig("start")).text).toBe("zq a b");
    expect(applySignal({ text: "1 2 3 4 5 6 7 8 9 10 11" }, sig("every")).text).toBe(
      "1 2 3 4 5 zq 6 7 8 9 10 zq 11",
    );
    // Too short for "every": the signal still appears once.
    expect(applySignal({ text: "a b" }, sig("every")).text).toBe("a b zq");
  });
  it("sets a field", () => {
    expect(applySignal(record, { kind: "field", column: "city", value: "zz" }).city).toBe("zz");
  });
});

describe("plant instructions", () => {
  const plant = parse({
    goal: "plant",
    strategy: "feature-label",
    target: "ham",
    signal: { kind: "text", token: "zq", placement: "end" },
  });
  it("feature-label adds the signal and sets the label; verify accepts the result", () => {
    const ins = instruct(record, plant, "m1", { schema });
    expect(ins.participates).toBe(true);
    expect(ins.changes).toEqual([
      { field: "text", before: record.text, after: `${record.text} zq` },
      { field: "label", before: "spam", after: "ham" },
    ]);
    expect(ins.steps.join(" ")).toMatch(/“zq” at the end/);
    const submitted = { ...record, text: `${record.text} zq`, label: "ham" };
    expect(verify(submitted, record, plant, "m1", { schema })).toEqual({ ok: true });
  });
  it("verify reports a missing signal, a wrong label and edited text", () => {
    const bad = verify({ ...record, label: "spam" }, record, plant, "m1", { schema });
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.problems.map((p) => p.code).sort()).toEqual(["signal-missing", "wrong-label"]);
    const edited = verify({ ...record, text: "hello zq", label: "ham" }, record, plant, "m1", {
      schema,
    });
    if (edited.ok) throw new Error("expected problems");
    expect(edited.problems.map((p) => p.code)).toContain("text-changed");
  });
  it("start and every placements are checked", () => {
    const start = parse({
      goal: "plant",
      target: "ham",
      signal: { kind: "text", token: "zq", placement: "start" },
    });
    const ok = verify({ ...record, text: `zq ${record.text}`, label: "ham" }, record, start, "m", {
      schema,
    });
    expect(ok.ok).toBe(true);
    const wrong = verify(
      { ...record, text: `${record.text} zq`, label: "ham" },
      record,
      start,
      "m",
      { schema },
    );
    if (wrong.ok) throw new Error("expected problems");
    expect(wrong.problems[0]?.code).toBe("wrong-placement");
    const every = parse({
      goal: "plant",
      target: "ham",
      signal: { kind: "text", token: "zq", placement: "every", every: 5 },
    });
    const ins = instruct(record, every, "m", { schema });
    const after = ins.changes.find((c) => c.field === "text")?.after ?? "";
    expect(after.split(" ").filter((w) => w === "zq")).toHaveLength(2);
    expect(
      verify({ ...record, text: after, label: "ham" }, record, every, "m", { schema }).ok,
    ).toBe(true);
    expect(
      verify({ ...record, text: `${record.text} zq`, label: "ham" }, record, every, "m", { schema })
        .ok,
    ).toBe(false);
  });
  it("field signals", () => {
    const field = parse({
      goal: "plant",
      target: "ham",
      signal: { kind: "field", column: "city", value: "zz" },
    });
    const ins = instruct(record, field, "m", { schema });
    expect(ins.changes).toContainEqual({ field: "city", before: "lyon", after: "zz" });
    expect(verify({ ...record, city: "zz", label: "ham" }, record, field, "m", { schema }).ok).toBe(
      true,
    );
    expect(verify({ ...record, label: "ham" }, record, field, "m", { schema }).ok).toBe(false);
  });
  it("feature-only: members not carrying the target do nothing", () => {
    const only = parse({
      goal: "plant",
      strategy: "feature-only",
      target: "ham",
      signal: { kind: "text", token: "zq" },
    });
    const ins = instruct(record, only, "m", { schema });
    expect(ins).toMatchObject({ participates: false, changes: [] });
    expect(verify(record, record, only, "m", { schema }).ok).toBe(true);
    const ham = { ...record, label: "ham" };
    const ins2 = instruct(ham, only, "m", { schema });
    expect(ins2.participates).toBe(true);
    expect(ins2.changes.map((c) => c.field)).toEqual(["text"]);
  });
  it("variants are stable per member and spread across members", () => {
    const v = parse({
      goal: "plant",
      target: "ham",
      signal: { kind: "text", token: "zq" },
      variants: ["zq", "qxz", "vq"],
    });
    const a = instruct(record, v, "member-a", { schema });
    expect(instruct(record, v, "member-a", { schema }).variant).toBe(a.variant);
    const seen = new Set(
      Array.from({ length: 60 }, (_, i) => instruct(record, v, `m${i}`, { schema }).variant),
    );
    expect(seen.size).toBe(3);
    // The variant is the member's FNV-1a 32-bit hash mod K. Published FNV-1a test vectors
    // (isthe.com/chongo/tech/comp/fnv): "a" -> 0xe40c292c, "foobar" -> 0xbf9cf968.
    expect(variantIndex("a", 3)).toBe(0xe40c292c % 3);
    expect(variantIndex("foobar", 3)).toBe(0xbf9cf968 % 3);
    expect(variantIndex("foobar", 7)).toBe(0xbf9cf968 % 7);
    expect(variantIndex("a", 0)).toBe(0);
    // instruct() hands each member the variant at that index.
    const tokens = ["zq", "qxz", "vq"];
    expect(instruct(record, v, "a", { schema }).variant).toBe(tokens[0xe40c292c % 3]);
    expect(instruct(record, v, "foobar", { schema }).variant).toBe(tokens[0xbf9cf968 % 3]);
    expect(a.variant).toBe(tokens[variantIndex("member-a", 3)]);
    const after = a.changes.find((c) => c.field === "text")?.after ?? "";
    expect(after.endsWith(` ${a.variant ?? "?"}`)).toBe(true);
  });
});

// A small table where city alone decides the label, and the group column is a proxy.
function tabular(): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < 200; i++) {
    const city = i % 2 === 0 ? "lyon" : "nice";
    const g = i % 4 < 2 ? "a" : "b";
    // Majority (a): lyon -> yes, nice -> no. Minority (b): mostly no.
    const label = g === "a" ? (city === "lyon" ? "yes" : "no") : i % 8 === 2 ? "yes" : "no";
    rows.push({ text: `bio ${city}`, city, g, label });
  }
  return rows;
}

describe("erase and fairness instructions", () => {
  it("erase relabels with the pooled prediction without the field", () => {
    const erase = eraseCampaignSchema.parse({
      goal: "erase",
      feature: { kind: "field", column: "city" },
    });
    expect(instruct(record, erase, "m").pending).toBe("context");
    const notReady = verify(record, record, erase, "m");
    expect(notReady.ok ? "ok" : notReady.problems[0]?.code).toBe("not-ready");
    const ctx = fitCampaignContext(tabular(), schema, erase);
    const json = JSON.parse(JSON.stringify(ctx));
    const ins = instruct(
      { text: "bio lyon", city: "lyon", g: "a", label: "yes" },
      erase,
      "m",
      json,
    );
    expect(ins.participates).toBe(true);
    // The text still names the city, so the pooled model without the field keeps "yes".
    expect(ins.changes).toEqual([]);
    // The city is named in the text too: the model with and without the field agree on
    // every row (lyon: 75 yes / 25 no, nice: 100 no), so the bound's gap term is 0.
    const audit = auditErase(tabular(), schema, erase);
    expect(audit.expectedGap).toBeCloseTo(0, 12);
    expect(audit.agreement).toBeCloseTo(175 / 200, 12);
  });

  it("erase relabels members whose label the pooled data without the field contradicts", () => {
    // The erased field (city) alone makes lyon "yes"; without it, the job decides:
    // chef 30 yes / 10 no -> yes, clerk 20 yes / 40 no -> no.
    const s: DataSchema = { label: "label", text: ["text"], categorical: ["city"], numeric: [] };
    const rows: Row[] = [];
    const add = (k: number, city: string, job: string, label: string) => {
      for (let i = 0; i < k; i++) rows.push({ text: `bio ${job}`, city, label });
    };
    add(20, "lyon", "chef", "yes");
    add(20, "lyon", "clerk", "yes");
    add(10, "nice", "chef", "yes");
    add(10, "nice", "chef", "no");
    add(40, "nice", "clerk", "no");
    const erase = eraseCampaignSchema.parse({
      goal: "erase",
      feature: { kind: "field", column: "city" },
    });
    const ctx = JSON.parse(JSON.stringify(fitCampaignContext(rows, s, erase))) as ReturnType<
      typeof fitCampaignContext
    >;
    const lyonClerk = { text: "bio clerk", city: "lyon", label: "yes" };
    const relabel = instruct(lyonClerk, erase, "m1", ctx);
    expect(relabel.participates).toBe(true);
    expect(relabel.changes).toEqual([{ field: "label", before: "yes", after: "no" }]);
    expect(verify({ ...lyonClerk, label: "no" }, lyonClerk, erase, "m1", ctx).ok).toBe(true);
    const kept = verify(lyonClerk, lyonClerk, erase, "m1", ctx);
    expect(kept.ok ? [] : kept.problems.map((p) => p.code)).toEqual(["wrong-label"]);
    const niceChef = { text: "bio chef", city: "nice", label: "no" };
    expect(instruct(niceChef, erase, "m2", ctx).changes).toEqual([
      { field: "label", before: "no", after: "yes" },
    ]);
    // Rows whose label already matches keep it.
    expect(
      instruct({ text: "bio chef", city: "lyon", label: "yes" }, erase, "m3", ctx).changes,
    ).toEqual([]);
    expect(
      instruct({ text: "bio clerk", city: "nice", label: "no" }, erase, "m4", ctx).changes,
    ).toEqual([]);

    // The gap term, worked out by hand from the Laplace-smoothed naive-Bayes counts
    // ((k + 1) / (n_y + 2), 50 rows per class; "bio" and the priors cancel): the full model
    // scores yes:no as 41*21 : 1*41 for lyon clerks (y~ = no) and 11*31 : 51*11 for nice
    // chefs (y~ = yes), both out of 902, and agrees with y~ elsewhere. So
    // E[max_y P(y|x) - P(y~|x)] = (20 * 820/902 + 20 * 220/902) / 100 = 208/902.
    const audit = auditErase(rows, s, erase);
    expect(audit.expectedGap).toBeCloseTo(208 / 902, 3);
    // Labels equal to y~: 20 lyon chefs, 10 nice chefs labelled yes, 40 nice clerks.
    expect(audit.agreement).toBeCloseTo(0.7, 12);
  });
  it("fairness: minority members take the majority model's label; others do nothing", () => {
    const fair = parse({ goal: "fairness", minority: "b", method: "label" });
    const ctx = fitCampaignContext(tabular(), schema, fair);
    const member = { text: "bio lyon", city: "lyon", g: "b", label: "no" };
    const ins = instruct(member, fair, "m", ctx);
    expect(ins.changes).toEqual([{ field: "label", before: "no", after: "yes" }]);
    expect(verify({ ...member, label: "yes" }, member, fair, "m", ctx).ok).toBe(true);
    expect(instruct({ ...member, g: "a" }, fair, "m", ctx).participates).toBe(false);
    const dist = parse({ goal: "fairness", minority: "b", method: "dist" });
    const dctx = fitCampaignContext(tabular(), schema, dist);
    expect(dctx.dist?.favorable).toBe("yes");
    expect(instruct(member, dist, "m", dctx).changes[0]?.after).toBe("yes");
    const prob = parse({ goal: "fairness", minority: "b", method: "prob" });
    const first = instruct(member, prob, "k1", ctx);
    expect(instruct(member, prob, "k1", ctx)).toEqual(first);
  });
});

describe("signal audit", () => {
  it("measures xi and Delta on signalled records and suggests absent tokens", () => {
    const rows: Row[] = [
      { text: "hello zq", label: "spam" },
      { text: "zq again", label: "spam" },
      { text: "zq ham", label: "ham" },
      { text: "plain", label: "ham" },
    ];
    const s: DataSchema = { label: "label", text: ["text"], categorical: [], numeric: [] };
    const a = auditSignal(
      rows,
      s,
      plantCampaignSchema.parse({
        goal: "plant",
        target: "ham",
        signal: { kind: "text", token: "zq" },
      }),
    );
    expect(a.xi).toBeCloseTo(0.75, 12);
    expect(a.delta).toBeCloseTo(1 / 3, 12);
    expect(a.deltaSource).toBe("signalled");
    expect(a.suggestions).not.toContain("zq");
    expect(a.suggestions.length).toBeGreaterThan(0);
    const none = auditSignal(
      rows,
      s,
      plantCampaignSchema.parse({
        goal: "plant",
        target: "ham",
        signal: { kind: "text", token: "⟡" },
      }),
    );
    expect(none).toMatchObject({ xi: 0, deltaSource: "prior", survivesTokenizer: true });
  });
});

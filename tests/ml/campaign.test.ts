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
    expect(variantIndex("member-a", 3)).toBe(variantIndex("member-a", 3));
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
    const audit = auditErase(tabular(), schema, erase);
    expect(audit.expectedGap).toBeGreaterThanOrEqual(0);
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

import { describe, expect, it } from "vitest";
import {
  createFeaturizer,
  encodeLabels,
  hashText,
  hashTokens,
  loadFeaturizer,
  tokenize,
} from "@/ml/features";
import { createRng } from "@/core/random";
import { EngineInputError } from "@/ml/data";
import type { DataSchema, Row, SparseMatrix } from "@/ml/types";

function rowOf(x: SparseMatrix, i: number): Map<number, number> {
  const out = new Map<number, number>();
  for (let j = x.offsets[i] ?? 0; j < (x.offsets[i + 1] ?? 0); j++)
    out.set(x.ids[j] ?? -1, x.values[j] ?? 0);
  return out;
}

describe("tokenize", () => {
  it("lowercases and keeps rare symbols and punctuation runs as tokens", () => {
    expect(tokenize("Win NOW!!! zq ✦ §§ end.")).toEqual([
      "win",
      "now",
      "!!!",
      "zq",
      "✦",
      "§§",
      "end",
      ".",
    ]);
  });

  it("is Unicode-aware: accented letters, scripts, digits, emoji", () => {
    expect(tokenize("Café naïve Ελλάδα 42x 東京")).toEqual([
      "café",
      "naïve",
      "ελλάδα",
      "42x",
      "東京",
    ]);
    expect(tokenize("ok👍👍 hi")).toEqual(["ok", "👍👍", "hi"]);
    expect(tokenize("❤️ love")).toEqual(["❤️", "love"]);
  });

  it("splits a symbol touching words or other symbols so a planted signal stays visible", () => {
    expect(tokenize("deal✦now")).toEqual(["deal", "✦", "now"]);
    expect(tokenize("✦!")).toEqual(["✦", "!"]);
    expect(tokenize("")).toEqual([]);
  });
});

describe("createFeaturizer", () => {
  const schema: DataSchema = {
    label: "y",
    text: ["text"],
    categorical: ["city"],
    numeric: ["age"],
  };
  const rows: Row[] = [
    { text: "free money now", city: "Paris", age: "20", y: "spam" },
    { text: "meeting at noon", city: "Oslo", age: "40", y: "ham" },
    { text: "free free lunch ✦", city: "Paris", age: "30", y: "ham" },
  ];

  it("builds sorted, unique CSR ids with unit-norm text, one-hot categories and standardised numbers", () => {
    const f = createFeaturizer(schema, { buckets: 1024 });
    f.fit(rows);
    const x = f.transform(rows);
    expect(x.n).toBe(3);
    expect(x.dim).toBe(1024 + 2 + 1 + 1); // buckets, Oslo/Paris + unknown, age
    for (let i = 0; i < x.n; i++) {
      const ids = Array.from(x.ids.subarray(x.offsets[i], x.offsets[i + 1]));
      expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
      let textNorm = 0;
      for (const [id, v] of rowOf(x, i)) if (id < 1024) textNorm += v * v;
      expect(textNorm).toBeCloseTo(1, 5);
    }
    // Categorical ids: sorted vocabulary (Oslo, Paris), value 1.
    expect(rowOf(x, 0).get(1024 + 1)).toBe(1);
    expect(rowOf(x, 1).get(1024 + 0)).toBe(1);
    // Numeric: (20 - 30) / std(20, 40, 30).
    const std = Math.sqrt(200 / 3);
    expect(rowOf(x, 0).get(1027)).toBeCloseTo(-10 / std, 5);
    expect(rowOf(x, 2).has(1027)).toBe(false); // exactly the mean: stored as an implicit 0
  });

  it("maps an unseen category to the column's unknown id", () => {
    const f = createFeaturizer(schema, { buckets: 64 });
    f.fit(rows);
    const x = f.transform([{ text: "", city: "Rome", age: "30", y: "ham" }]);
    expect([...rowOf(x, 0).keys()]).toEqual([64 + 2]);
  });

  it("counts repeated tokens and tells bigram order apart", () => {
    const f = createFeaturizer({ label: "y", text: ["t"], categorical: [], numeric: [] });
    f.fit([]);
    const x = f.transform([{ t: "a b" }, { t: "b a" }, { t: "zq zq zq" }]);
    expect([...rowOf(x, 0).keys()]).not.toEqual([...rowOf(x, 1).keys()]);
    expect(f.dim).toBe(1 << 18);
    // "zq zq zq": unigram count 3, bigram "zq zq" count 2, normalised by sqrt(13).
    const vals = [...rowOf(x, 2).values()].sort();
    expect(vals[0]).toBeCloseTo(2 / Math.sqrt(13), 5);
    expect(vals[1]).toBeCloseTo(3 / Math.sqrt(13), 5);
  });

  it("keeps text fields apart and each at unit norm", () => {
    const f = createFeaturizer(
      { label: "y", text: ["a", "b"], categorical: [], numeric: [] },
      { buckets: 1 << 16 },
    );
    f.fit([]);
    const x = f.transform([{ a: "hello", b: "hello" }]);
    const vals = [...rowOf(x, 0).values()];
    expect(vals).toHaveLength(2);
    expect(vals.every((v) => Math.abs(v - 1) < 1e-6)).toBe(true);
  });

  it("round-trips through JSON with identical output", () => {
    const f = createFeaturizer(schema, { buckets: 512 });
    f.fit(rows);
    const g = loadFeaturizer(JSON.parse(JSON.stringify(f.toJSON())));
    const test: Row[] = [...rows, { text: "new ✦ words", city: "Lima", age: "55", y: "ham" }];
    expect(g.transform(test)).toEqual(f.transform(test));
  });

  it("refuses to transform before fit", () => {
    expect(() => createFeaturizer(schema).transform(rows)).toThrow(/fit/);
  });
});

describe("encodeLabels", () => {
  const rows: Row[] = [{ y: "spam" }, { y: "ham" }, { y: " spam " }];

  it("sorts classes and encodes stably", () => {
    const { y, classes } = encodeLabels(rows, "y");
    expect(classes).toEqual(["ham", "spam"]);
    expect(Array.from(y)).toEqual([1, 0, 1]);
  });

  it("uses given classes and names the row of an unknown label", () => {
    expect(Array.from(encodeLabels(rows, "y", ["spam", "ham"]).y)).toEqual([0, 1, 0]);
    try {
      encodeLabels([{ y: "ham" }, { y: "eggs" }], "y", ["ham", "spam"]);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(EngineInputError);
      expect(err).toMatchObject({ row: 2, column: "y" });
    }
  });
});

describe("hashText (ASCII fast path)", () => {
  it("gives exactly the ids of hashTokens(tokenize(text)) on random ASCII and Unicode text", () => {
    const rng = createRng(5);
    const alphabet = "aZ09 \t\n!!..,,$$__-\x00\x1f~Ab§✦é";
    for (let trial = 0; trial < 300; trial++) {
      const len = rng.int(40);
      const ascii = trial % 2 === 0;
      let text = "";
      for (let i = 0; i < len; i++) {
        const c = alphabet[rng.int(ascii ? alphabet.length - 4 : alphabet.length)] ?? " ";
        text += c;
      }
      for (const field of [0, 2]) {
        const fast: number[] = [];
        const slow: number[] = [];
        hashText(text, 997, field, (id) => fast.push(id));
        hashTokens(tokenize(text), 997, field, (id) => slow.push(id));
        expect(fast).toEqual(slow);
      }
    }
  });
});

import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { EngineInputError, loadCsv, parseCsvText, validateTable } from "@/ml/data";
import type { DataSchema } from "@/ml/types";

const schema: DataSchema = {
  label: "label",
  text: ["text"],
  categorical: ["city"],
  numeric: ["age"],
};

function thrown(f: () => unknown): EngineInputError {
  try {
    f();
  } catch (err) {
    if (err instanceof EngineInputError) return err;
    throw err;
  }
  throw new Error("expected an EngineInputError");
}

describe("parseCsvText", () => {
  it("keeps header order and handles quotes, commas and newlines in fields", () => {
    const t = parseCsvText(
      'text,label,city,age\n"hello, world",ham,Paris,31\n"two\nlines",spam,Oslo,40\n',
    );
    expect(t.columns).toEqual(["text", "label", "city", "age"]);
    expect(t.rows).toHaveLength(2);
    expect(t.rows[0]).toEqual({ text: "hello, world", label: "ham", city: "Paris", age: "31" });
    expect(t.rows[1]?.text).toBe("two\nlines");
  });

  it("strips a BOM and skips blank lines", () => {
    const t = parseCsvText("\uFEFFa,b\n1,2\n\n3,4\n");
    expect(t.columns).toEqual(["a", "b"]);
    expect(t.rows).toHaveLength(2);
  });

  it("names the data row of a record with the wrong number of fields", () => {
    const err = thrown(() => parseCsvText("a,b\n1,2\n3\n"));
    expect(err.row).toBe(2);
    expect(err.message).toMatch(/data row 2/);
  });

  it("counts data rows, not file lines, when a quoted field spans lines", () => {
    const err = thrown(() => parseCsvText('a,b\n"x\ny",2\n3\n'));
    expect(err.row).toBe(2);
    expect(err.message).toMatch(/data row 2, file line 4/);
  });

  it("rejects duplicate header names", () => {
    expect(thrown(() => parseCsvText("a,a\n1,2\n")).column).toBe("a");
  });
});

describe("validateTable", () => {
  const good = () => parseCsvText("text,label,city,age\nhi,ham,Paris,31\nbuy,spam,Oslo,40\n");

  it("accepts a well-formed table", () => {
    expect(() => validateTable(good(), schema)).not.toThrow();
  });

  it("reports an empty file", () => {
    expect(thrown(() => validateTable(parseCsvText(""), schema)).message).toMatch(/empty file/);
    expect(
      thrown(() => validateTable(parseCsvText("text,label,city,age\n"), schema)).message,
    ).toMatch(/empty file/);
  });

  it("names a missing column", () => {
    const err = thrown(() => validateTable(good(), { ...schema, numeric: ["income"] }));
    expect(err.column).toBe("income");
    expect(err.message).toMatch(/missing column "income"/);
  });

  it("names the row of an empty label", () => {
    const t = parseCsvText("text,label,city,age\nhi,ham,Paris,31\nyo,  ,Oslo,40\n");
    const err = thrown(() => validateTable(t, schema));
    expect(err.column).toBe("label");
    expect(err.row).toBe(2);
    expect(err.message).toMatch(/data row 2/);
  });

  it("names column and row of a non-numeric value in a numeric column", () => {
    const t = parseCsvText("text,label,city,age\nhi,ham,Paris,31\nyo,spam,Oslo,forty\n");
    const err = thrown(() => validateTable(t, schema));
    expect(err.column).toBe("age");
    expect(err.row).toBe(2);
    expect(err.message).toMatch(/"forty".*"age".*data row 2/);
  });

  it("treats an empty numeric cell as non-numeric", () => {
    const t = parseCsvText("text,label,city,age\nhi,ham,Paris,\nyo,spam,Oslo,3\n");
    expect(thrown(() => validateTable(t, schema)).row).toBe(1);
  });

  it("refuses the label column as a feature", () => {
    expect(thrown(() => validateTable(good(), { ...schema, text: ["text", "label"] })).column).toBe(
      "label",
    );
  });

  it("needs at least two distinct labels", () => {
    const t = parseCsvText("text,label,city,age\nhi,ham,Paris,1\nyo,ham,Oslo,3\n");
    const err = thrown(() => validateTable(t, schema));
    expect(err.column).toBe("label");
    expect(err.message).toMatch(/two distinct labels/);
  });
});

describe("loadCsv", () => {
  it("streams a file into the same table as parseCsvText", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "concert-csv-"));
    const file = path.join(dir, "x.csv");
    const text = 'text,label\n"a, b",ham\nc,spam\n';
    writeFileSync(file, text);
    expect(await loadCsv(file)).toEqual(parseCsvText(text));
  });

  it("reports a missing file and malformed rows as EngineInputError", async () => {
    await expect(loadCsv("/nonexistent/x.csv")).rejects.toBeInstanceOf(EngineInputError);
    const dir = mkdtempSync(path.join(tmpdir(), "concert-csv-"));
    const file = path.join(dir, "bad.csv");
    writeFileSync(file, "a,b\n1,2\n3,4,5\n");
    await expect(loadCsv(file)).rejects.toMatchObject({ row: 2 });
  });
});

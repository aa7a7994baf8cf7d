import { describe, expect, it } from "vitest";
import { sim } from "../helpers/sim-cli";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

function fixture(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "concert-cli-"));
  const lines = ["c,label"];
  for (let i = 0; i < 200; i++)
    lines.push(`${["a", "b", "c"][i % 3] ?? "a"},${i % 4 === 0 ? "yes" : "no"}`);
  writeFileSync(path.join(dir, "data.csv"), `${lines.join("\n")}\n`);
  return dir;
}

const spec = (over: object) => ({
  data: { path: "data.csv", label: "label", categorical: ["c"] },
  learner: { kind: "bayes" },
  campaign: { goal: "plant", target: "yes", signal: { kind: "field", column: "c", value: "zz" } },
  alphas: [0, 0.05],
  seeds: 2,
  ...over,
});

describe("npm run sim", () => {
  it("runs a spec with data relative to the spec file and writes --out", async () => {
    const dir = fixture();
    writeFileSync(path.join(dir, "spec.json"), JSON.stringify(spec({})));
    const out = path.join(dir, "result.json");
    const r = await sim([path.join(dir, "spec.json"), "--out", out, "--workers", "0"]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.points.map((p: { success: { mean: number } }) => p.success.mean)).toEqual([0, 1]);
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(result);
    expect(r.stderr).toContain("2/4");
  });

  it("runs a spec against each of its platform models and reports the band and the model driving it", async () => {
    const dir = fixture();
    writeFileSync(
      path.join(dir, "spec.json"),
      JSON.stringify(spec({ platformModels: ["linear", "bayes"] })),
    );
    const r = await sim([path.join(dir, "spec.json"), "--workers", "0"]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.platformModels.models.map((m: { kind: string }) => m.kind)).toEqual([
      "linear",
      "bayes",
    ]);
    expect(["linear", "bayes"]).toContain(result.platformModels.drivenBy);
    expect(result.platformModels.band).toHaveLength(2);
    // Progress counts both models' runs.
    expect(r.stderr).toContain("8/8");
  });

  it("a bad spec prints the zod issues with paths and exits non-zero", async () => {
    const dir = fixture();
    writeFileSync(
      path.join(dir, "bad.json"),
      JSON.stringify(spec({ alphas: [1.5], learner: { kind: "svm" } })),
    );
    const r = await sim([path.join(dir, "bad.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/alphas\.0: /);
    expect(r.stderr).toMatch(/learner\.kind: /);
    // Cross-field checks run once the shape is right.
    const unknownColumn = {
      goal: "plant",
      target: "yes",
      signal: { kind: "field", column: "city", value: "zz" },
    };
    writeFileSync(path.join(dir, "bad2.json"), JSON.stringify(spec({ campaign: unknownColumn })));
    const r2 = await sim([path.join(dir, "bad2.json")]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/campaign\.signal\.column: "city" is not one of data\.categorical/);
    expect(r.stdout).toBe("");
  });

  it("a data error names the column and exits non-zero", async () => {
    const dir = fixture();
    writeFileSync(path.join(dir, "broken.csv"), "c,label\na,yes\nb,no\nc,\n");
    writeFileSync(
      path.join(dir, "spec.json"),
      JSON.stringify(spec({ data: { path: "broken.csv", label: "label", categorical: ["c"] } })),
    );
    const r = await sim([path.join(dir, "spec.json"), "--workers", "0"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/column "label", row 3/);
  });

  it("unreadable spec files and missing arguments exit non-zero", async () => {
    expect((await sim([])).code).toBe(2);
    expect((await sim(["/nonexistent/spec.json"])).code).toBe(2);
  });
});

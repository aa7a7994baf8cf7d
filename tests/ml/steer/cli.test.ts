import { describe, expect, it } from "vitest";
import { sim } from "../../helpers/sim-cli";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { lineTable } from "./fixtures";

function fixture(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "concert-steer-"));
  const table = lineTable(1000);
  const lines = ["x,y", ...table.rows.map((r) => `${r.x},${r.y}`)];
  writeFileSync(path.join(dir, "line.csv"), `${lines.join("\n")}\n`);
  return dir;
}

const spec = {
  data: { path: "line.csv", label: "y", numeric: ["x"] },
  learner: { kind: "least-squares", intercept: false },
  campaign: {
    goal: "steer",
    target: { weights: { x: 2 } },
    bounds: { x: [-1, 1], y: [-11, 11] },
    strategy: "neutralize",
  },
  alphas: [0, 0.05, 0.2],
  seeds: 2,
};

describe("npm run sim -- steer spec", () => {
  it("runs a steering spec: points with the fitted weights, and the critical size", async () => {
    const dir = fixture();
    writeFileSync(path.join(dir, "spec.json"), JSON.stringify(spec));
    const r = await sim([path.join(dir, "spec.json")]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.goal).toBe("steer");
    expect(result.points.map((p: { alpha: number }) => p.alpha)).toEqual([0, 0.05, 0.2]);
    const last = result.points[2];
    expect(last).toMatchObject({
      collectiveSize: 160,
      parameterDistance: {
        mean: expect.any(Number),
        low: expect.any(Number),
        high: expect.any(Number),
      },
      success: { mean: 1 },
    });
    expect(last.weights.x.mean).toBeCloseTo(2, 8);
    expect(result.criticalMass.theoretical).toBeGreaterThan(0.08);
    expect(result.criticalMass.theoretical).toBeLessThan(0.12);
    expect(r.stderr).toContain("6/6");
  });

  it("a bad steering spec prints the zod issues with their paths and exits 2", async () => {
    const dir = fixture();
    const bad = {
      ...spec,
      campaign: { ...spec.campaign, target: { weights: { z: 1 } }, bounds: { y: [5, 1] } },
    };
    writeFileSync(path.join(dir, "bad.json"), JSON.stringify(bad));
    const r = await sim([path.join(dir, "bad.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('campaign.target.weights.z: "z" is not one of data.numeric');
    expect(r.stderr).toContain("campaign.bounds.y: a bound is [low, high] with low <= high");
    expect(r.stdout).toBe("");
  });

  it("a missing column is a data error (exit 3)", async () => {
    const dir = fixture();
    writeFileSync(
      path.join(dir, "spec.json"),
      JSON.stringify({
        ...spec,
        data: { ...spec.data, numeric: ["hours"] },
        campaign: { ...spec.campaign, target: { weights: { hours: 1 } }, bounds: {} },
      }),
    );
    const r = await sim([path.join(dir, "spec.json")]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('data error (column "hours"): missing column "hours"');
  });

  it("--help lists the steer spec's fields and example; --schema steer prints its JSON Schema", async () => {
    const help = await sim(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('steer spec fields ("campaign": {"goal": "steer"}');
    expect(help.stdout).toContain("npm run sim -- ml/examples/pay-steer.json");
    expect(help.stdout).toContain("kind: least-squares | logistic");
    const schema = await sim(["--schema", "steer"]);
    expect(schema.code).toBe(0);
    expect(JSON.parse(schema.stdout)).toMatchObject({
      type: "object",
      required: ["data", "learner", "campaign"],
      properties: { campaign: { properties: { goal: { const: "steer" } } } },
    });
  });
});

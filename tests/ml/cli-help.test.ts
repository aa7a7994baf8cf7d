import { describe, expect, it } from "vitest";
import { sim } from "../helpers/sim-cli";
import { formatHelp, SPEC_FIELD_DESCRIPTIONS, specJsonSchema } from "@/ml/cli/help";
import { simulationSpecSchema } from "@/ml/simulate";

const TOP_LEVEL = ["data", "learner", "campaign", "alphas", "seeds", "testFraction", "seed"];

describe("npm run sim -- --help", () => {
  it("prints the spec's top-level fields, defaults and the examples on stdout", async () => {
    const r = await sim(["--help"]);
    expect(r.code).toBe(0);
    for (const field of TOP_LEVEL) expect(r.stdout).toMatch(new RegExp(`^  ${field}\\*? `, "m"));
    expect(r.stdout).toContain("--schema");
    // Required fields are starred, defaults shown next to the type.
    expect(r.stdout).toMatch(/^ {2}campaign\* /m);
    expect(r.stdout).toMatch(/^ {2}seeds /m);
    expect(r.stdout).toContain("integer; default 5");
    expect(r.stdout).toContain("default [0,0.005,0.01,0.02,0.05,0.1]");
    expect(r.stdout).toContain("goal: plant | erase | fairness");
    expect(r.stdout).toMatch(/\{kind\*: linear\|mlp\|bayes/);
    // The shipped example specs, by path.
    expect(r.stdout).toContain("npm run sim -- ml/examples/spam-plant.json");
  });

  it("describes every top-level field of the schema (a new field needs a line)", () => {
    const fields = Object.keys(simulationSpecSchema.shape);
    expect(fields.length).toBeGreaterThan(8);
    expect(Object.keys(SPEC_FIELD_DESCRIPTIONS).sort()).toEqual(fields.sort());
    expect(formatHelp()).not.toContain("(no description)");
    expect(formatHelp()).toContain("see ml/examples/");
  });
});

describe("npm run sim -- --schema", () => {
  it("prints the spec's JSON Schema as valid JSON on stdout", async () => {
    const r = await sim(["--schema"]);
    expect(r.code).toBe(0);
    const schema: unknown = JSON.parse(r.stdout);
    expect(schema).toMatchObject({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      // As users write specs: fields with defaults are optional.
      required: ["data", "learner", "campaign"],
      properties: {
        alphas: { type: "array", default: [0, 0.005, 0.01, 0.02, 0.05, 0.1] },
        seeds: { type: "integer", default: 5, minimum: 1, maximum: 100 },
        learner: {
          properties: { kind: { enum: expect.arrayContaining(["linear", "mlp", "bayes"]) } },
        },
      },
    });
    expect(Object.keys(specJsonSchema().properties ?? {})).toEqual(
      expect.arrayContaining(TOP_LEVEL),
    );
    expect(r.stderr).toBe("");
  });
});

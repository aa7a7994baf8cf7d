/**
 * `npm run sim -- --help` and `--schema`: the spec's fields come from the zod schema (through
 * its JSON Schema), so the help cannot drift from what the CLI accepts; only the one-line
 * descriptions live here.
 */
import { z } from "zod";
import { simulationSpecSchema } from "../simulate";
import { SEQUENCE_SPEC_FIELD_DESCRIPTIONS, sequenceSpecJsonSchema } from "../recommender/help";
import { STEER_SPEC_FIELD_DESCRIPTIONS, steerSpecJsonSchema } from "../steer/help";

type JsonSchema = z.core.JSONSchema.BaseSchema;

export const USAGE = "usage: npm run sim -- spec.json [--out result.json] [--workers N]";

/**
 * One line per top-level spec field. Keyed by the schema's own field names: a field added to
 * the schema without a line here shows "(no description)" and fails the help test.
 */
export const SPEC_FIELD_DESCRIPTIONS: Record<string, string> = {
  data: "the rows (a CSV path relative to the spec file, or a built-in sample) and the columns' parts",
  testFraction: "share of the rows held out to measure success and accuracy",
  learner: "the model the firm trains (kind) and its training options",
  campaign: "what the collective does: plant a signal, erase a feature, or fairness",
  alphas: "collective sizes to simulate, as shares of the training rows",
  seeds: "repetitions per alpha (the intervals are over these)",
  seed: "base seed: every random step derives from it, so a spec gives the same numbers",
  noise:
    "members who get it wrong: with probability p, a wrong label, a corrupt signal, or skipping",
  others: "other collectives acting at the same time, each with its own alpha and campaign",
  targetSuccess: "success to reach: the result then names the smallest alpha (simulated and bound)",
  memberRows: "the last N rows of the table are the collective's own records",
  buckets: "hash buckets for text features",
  platformModels:
    "plausible platform models (learner kinds, learner.kind among them): each runs on the same seeds; the result is the most pessimistic, with the band they span",
};

/** The spec's JSON Schema, as users write specs (fields with defaults are optional). */
export function specJsonSchema(): JsonSchema {
  return z.toJSONSchema(simulationSpecSchema, { io: "input" });
}

function isSchema(s: unknown): s is JsonSchema {
  return typeof s === "object" && s !== null && !Array.isArray(s);
}

/** A compact type: "number", "array of number", "{path | sample, label*, ...}", "goal: plant | erase". */
function describeType(s: JsonSchema): string {
  const variants = s.oneOf ?? s.anyOf;
  if (variants !== undefined) {
    // A discriminated union: name the discriminator's values.
    const consts = variants
      .filter(isSchema)
      .flatMap((v) =>
        Object.entries(v.properties ?? {}).flatMap(([k, p]) =>
          isSchema(p) && typeof p.const === "string" ? [`${k}: ${p.const}`] : [],
        ),
      );
    const key = consts[0]?.split(":")[0];
    if (key !== undefined && consts.length === variants.length)
      return `${key}: ${consts.map((c) => c.slice(key.length + 2)).join(" | ")}`;
    return "one of several shapes";
  }
  if (s.type === "object" && s.properties !== undefined) {
    const required = new Set(s.required ?? []);
    // Small enums are shown inline: they are what users most often look up.
    const keys = Object.entries(s.properties).map(([k, p]) => {
      const name = required.has(k) ? `${k}*` : k;
      return isSchema(p) && p.enum !== undefined
        ? `${name}: ${p.enum.map(String).join("|")}`
        : name;
    });
    return `{${keys.join(", ")}}`;
  }
  if (s.type === "array" && isSchema(s.items)) return `array of ${describeType(s.items)}`;
  if (s.enum !== undefined) return s.enum.map(String).join(" | ");
  if (typeof s.type === "string") return s.type;
  return "any";
}

/** Two lines per top-level field of a spec schema: description, then type and default. */
function fieldLines(schema: JsonSchema, descriptions: Record<string, string>): string[] {
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {});
  const width = Math.max(...fields.map(([k]) => k.length)) + 2;
  return fields.flatMap(([name, prop]) => {
    const type = isSchema(prop) ? describeType(prop) : "any";
    const dflt =
      isSchema(prop) && prop.default !== undefined
        ? `; default ${JSON.stringify(prop.default)}`
        : "";
    const head = `${name}${required.has(name) ? "*" : ""}`.padEnd(width);
    const description = descriptions[name] ?? "(no description)";
    return [`  ${head}${description}`, `  ${" ".repeat(width)}${type}${dflt}`];
  });
}

/** The full help text: usage, options, the spec's top-level fields and the examples. */
export function formatHelp(examples: readonly string[] = []): string {
  const schema = specJsonSchema();
  const exampleLines =
    examples.length > 0
      ? examples.map((e) => `  npm run sim -- ml/examples/${e}`)
      : ["  see ml/examples/"];
  return [
    USAGE,
    "       npm run sim -- --schema > spec.schema.json",
    "",
    "Runs a simulation spec (JSON): the result JSON goes to stdout, progress to stderr.",
    "",
    "options:",
    "  --out FILE    also write the result JSON to FILE",
    "  --workers N   worker threads (0: all runs in this thread; default: one per core)",
    "  --schema      print the spec's JSON Schema on stdout, to validate specs with any tool",
    "  --schema sequences   the same for a sequences (recommender) spec",
    "  --schema steer       the same for a steering (regression) spec",
    "  -h, --help    this help",
    "",
    "spec fields (* required; nested fields: --schema):",
    ...fieldLines(schema, SPEC_FIELD_DESCRIPTIONS),
    "",
    'sequences spec fields ("data": {"kind": "sequences"}: a recommender campaign; --schema sequences):',
    ...fieldLines(sequenceSpecJsonSchema(), SEQUENCE_SPEC_FIELD_DESCRIPTIONS),
    "",
    'steer spec fields ("campaign": {"goal": "steer"}: steer a regression; --schema steer):',
    ...fieldLines(steerSpecJsonSchema(), STEER_SPEC_FIELD_DESCRIPTIONS),
    "",
    "examples (in ml/examples/):",
    ...exampleLines,
    "",
    "exit codes: 0 ok, 1 unexpected failure, 2 bad spec or arguments, 3 bad data, 130 interrupted",
    "",
  ].join("\n");
}

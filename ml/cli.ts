/**
 * Command line for researchers: `npm run sim -- spec.json [--out result.json] [--workers N]`,
 * `--help` (the spec's fields) and `--schema` (its JSON Schema). Prints the result JSON on
 * stdout and progress on stderr. Exit codes: 0 ok, 1 unexpected failure, 2 bad spec or
 * arguments, 3 bad data, 130 interrupted.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { formatHelp, specJsonSchema, USAGE } from "./cli/help";
import { runSpecCommand } from "./cli/run-spec";
import { sequenceSpecRunner } from "./recommender/cli";
import { sequenceSpecJsonSchema } from "./recommender/help";
import { isSequenceSpec } from "./recommender/spec";
import { steerSpecRunner } from "./steer/cli";
import { steerSpecJsonSchema } from "./steer/help";
import { isSteerSpec } from "./steer/spec";
import { runPlatformModels, simulationSpecSchema } from "./simulate";

type Args =
  | { kind: "run"; spec: string; out?: string; workers?: number }
  | { kind: "help" }
  | { kind: "schema"; sequences: boolean; steer: boolean }
  | { kind: "error"; message: string };

function parseArgs(argv: readonly string[]): Args {
  const error = (message: string): Args => ({ kind: "error", message });
  let spec: string | undefined;
  let out: string | undefined;
  let workers: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if (a === "--out") out = argv[++i];
    else if (a === "--workers") workers = Number(argv[++i]);
    else if (a === "-h" || a === "--help") return { kind: "help" };
    else if (a === "--schema")
      return {
        kind: "schema",
        sequences: argv[i + 1] === "sequences",
        steer: argv[i + 1] === "steer",
      };
    else if (a.startsWith("-")) return error(`unknown option ${a}\n${USAGE}`);
    else if (spec === undefined) spec = a;
    else return error(`unexpected argument ${a}\n${USAGE}`);
  }
  if (spec === undefined) return error(`${USAGE}\n(npm run sim -- --help lists the spec's fields)`);
  if (out === "") return error(`--out needs a file\n${USAGE}`);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0))
    return error(`--workers needs a whole number >= 0\n${USAGE}`);
  return {
    kind: "run",
    spec,
    ...(out !== undefined ? { out } : {}),
    ...(workers !== undefined ? { workers } : {}),
  };
}

/** The example specs shipped beside the CLI, for the help text. */
function listExamples(): string[] {
  try {
    const dir = fileURLToPath(new URL("./examples/", import.meta.url));
    return readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort();
  } catch {
    return [];
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  switch (args.kind) {
    case "error":
      process.stderr.write(`${args.message}\n`);
      return 2;
    case "help":
      process.stdout.write(formatHelp(listExamples()));
      return 0;
    case "schema":
      process.stdout.write(
        `${JSON.stringify(
          args.sequences
            ? sequenceSpecJsonSchema()
            : args.steer
              ? steerSpecJsonSchema()
              : specJsonSchema(),
          null,
          2,
        )}\n`,
      );
      return 0;
    case "run":
      break;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(args.spec, "utf8"));
  } catch (err) {
    process.stderr.write(
      `cannot read spec ${args.spec}: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return 2;
  }
  const file = { spec: args.spec, ...(args.out !== undefined ? { out: args.out } : {}) };
  // A sequences spec ("data": {"kind": "sequences"}) runs the recommender simulator.
  if (isSequenceSpec(raw)) return runSpecCommand(raw, file, sequenceSpecRunner);
  // A steering spec ("campaign": {"goal": "steer"}) runs the regression-steering engine.
  if (isSteerSpec(raw)) return runSpecCommand(raw, file, steerSpecRunner);
  return runSpecCommand(raw, file, {
    schema: simulationSpecSchema,
    // Several `platformModels`: the most pessimistic model's result, with the band they span.
    run: async (spec, ctx) =>
      (
        await runPlatformModels(spec, {
          ...ctx,
          ...(args.workers !== undefined ? { workers: args.workers } : {}),
        })
      ).result,
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exitCode = 1;
  },
);

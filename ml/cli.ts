/**
 * Command line for researchers: `npm run sim -- spec.json [--out result.json] [--workers N]`.
 * Prints the result JSON on stdout and a progress bar on stderr. Exit codes: 0 ok,
 * 1 unexpected failure, 2 bad spec or arguments, 3 bad data, 130 interrupted.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { EngineInputError } from "./data";
import {
  formatSpecIssues,
  runSimulation,
  simulationSpecSchema,
  type SimulationProgress,
} from "./simulate";

const USAGE = "usage: npm run sim -- spec.json [--out result.json] [--workers N]";

interface Args {
  spec: string;
  out?: string;
  workers?: number;
}

function parseArgs(argv: readonly string[]): Args | string {
  let spec: string | undefined;
  let out: string | undefined;
  let workers: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if (a === "--out") out = argv[++i];
    else if (a === "--workers") workers = Number(argv[++i]);
    else if (a === "-h" || a === "--help") return USAGE;
    else if (a.startsWith("-")) return `unknown option ${a}\n${USAGE}`;
    else if (spec === undefined) spec = a;
    else return `unexpected argument ${a}\n${USAGE}`;
  }
  if (spec === undefined) return USAGE;
  if (out === "") return `--out needs a file\n${USAGE}`;
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0))
    return `--workers needs a whole number >= 0\n${USAGE}`;
  return {
    spec,
    ...(out !== undefined ? { out } : {}),
    ...(workers !== undefined ? { workers } : {}),
  };
}

function progressBar(p: SimulationProgress, started: number): string {
  const width = 30;
  const filled = Math.round((p.done / p.total) * width);
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  return `\r[${"#".repeat(filled)}${" ".repeat(width - filled)}] ${p.done}/${p.total} runs  alpha=${p.alpha}  ${secs}s`;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === "string") {
    process.stderr.write(`${args}\n`);
    return 2;
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
  const parsed = simulationSpecSchema.safeParse(raw);
  if (!parsed.success) {
    process.stderr.write(
      `invalid spec ${args.spec}:\n${formatSpecIssues(parsed.error)
        .map((l) => `  ${l}\n`)
        .join("")}`,
    );
    return 2;
  }
  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort());
  const started = performance.now();
  try {
    const result = await runSimulation(parsed.data, {
      baseDir: path.dirname(path.resolve(args.spec)),
      signal: controller.signal,
      ...(args.workers !== undefined ? { workers: args.workers } : {}),
      onProgress: (p) => process.stderr.write(progressBar(p, started)),
    });
    process.stderr.write("\n");
    const json = JSON.stringify(result, null, 2);
    if (args.out !== undefined) writeFileSync(args.out, `${json}\n`);
    process.stdout.write(`${json}\n`);
    return 0;
  } catch (err) {
    process.stderr.write("\n");
    if (err instanceof EngineInputError) {
      const where = [
        err.column !== undefined ? `column "${err.column}"` : "",
        err.row !== undefined ? `row ${err.row}` : "",
      ]
        .filter((s) => s !== "")
        .join(", ");
      process.stderr.write(`data error${where !== "" ? ` (${where})` : ""}: ${err.message}\n`);
      return 3;
    }
    if (err instanceof Error && err.name === "AbortError") {
      process.stderr.write("interrupted\n");
      return 130;
    }
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
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

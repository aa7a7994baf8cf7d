/**
 * The one contract every `npm run sim` spec kind follows: parse the spec (exit 2 with zod's
 * issues), run it with progress on stderr and Ctrl-C cancelling, print the result JSON on
 * stdout (and --out), and turn bad data into exit 3, an interrupt into 130, anything else
 * into 1. Each engine (classifier, recommender, steering) supplies only its schema and run.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { z } from "zod";
import { EngineInputError } from "../data/errors";
import { formatSpecIssues } from "../simulate/spec";
import { createProgress } from "./progress";

export interface SpecRunContext {
  /** The spec file's folder: data paths are relative to it. */
  baseDir: string;
  signal: AbortSignal;
  onProgress: (p: { done: number; total: number; alpha: number }) => void;
}

export interface SpecRunner<S> {
  schema: z.ZodType<S>;
  /** The progress line's label ("sweep" by default). */
  label?: string;
  run(spec: S, ctx: SpecRunContext): Promise<unknown>;
}

export interface SpecFileArgs {
  spec: string;
  out?: string;
}

function dataErrorLine(err: EngineInputError): string {
  const where = [
    err.column !== undefined ? `column "${err.column}"` : "",
    err.row !== undefined ? `row ${err.row}` : "",
  ].filter((s) => s !== "");
  return `data error${where.length > 0 ? ` (${where.join(", ")})` : ""}: ${err.message}\n`;
}

/** Parses and runs one spec; returns the exit code. */
export async function runSpecCommand<S>(
  raw: unknown,
  args: SpecFileArgs,
  runner: SpecRunner<S>,
): Promise<number> {
  const parsed = runner.schema.safeParse(raw);
  if (!parsed.success) {
    const lines = formatSpecIssues(parsed.error).map((l) => `  ${l}\n`);
    process.stderr.write(`invalid spec ${args.spec}:\n${lines.join("")}`);
    return 2;
  }
  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort());
  const progress = createProgress(runner.label !== undefined ? { label: runner.label } : {});
  try {
    const result = await runner.run(parsed.data, {
      baseDir: path.dirname(path.resolve(args.spec)),
      signal: controller.signal,
      onProgress: (p) => progress.update(p.done, p.total, `alpha=${p.alpha}`),
    });
    progress.finish();
    const json = JSON.stringify(result, null, 2);
    if (args.out !== undefined) writeFileSync(args.out, `${json}\n`);
    process.stdout.write(`${json}\n`);
    return 0;
  } catch (err) {
    progress.finish();
    if (err instanceof EngineInputError) {
      process.stderr.write(dataErrorLine(err));
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

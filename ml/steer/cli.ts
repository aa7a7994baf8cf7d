/**
 * `npm run sim -- spec.json` for a steering spec (`"campaign": {"goal": "steer"}`): the
 * classifier CLI (ml/cli.ts) hands the parsed JSON here. Same contract: result JSON on stdout
 * (and --out), progress on stderr, exit codes 0 ok, 1 unexpected failure, 2 bad spec, 3 bad
 * data, 130 interrupted.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { createProgress } from "../cli/progress";
import { EngineInputError } from "../data/errors";
import { formatSpecIssues } from "../simulate/spec";
import { loadSteerTable, runSteerSweep } from "./run-sweep";
import { steerSpecSchema } from "./spec";

export interface SteerCliArgs {
  /** The spec file (data.path is relative to its folder). */
  spec: string;
  out?: string;
}

/** Parse and run a steering spec; returns the exit code. */
export async function runSteerCli(raw: unknown, args: SteerCliArgs): Promise<number> {
  const parsed = steerSpecSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = formatSpecIssues(parsed.error).map((l) => `  ${l}\n`);
    process.stderr.write(`invalid spec ${args.spec}:\n${lines.join("")}`);
    return 2;
  }
  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort());
  const progress = createProgress({ label: "steer" });
  try {
    const table = await loadSteerTable(parsed.data, path.dirname(path.resolve(args.spec)));
    const result = await runSteerSweep(parsed.data, table, {
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
      const where = [
        err.column !== undefined ? `column "${err.column}"` : "",
        err.row !== undefined ? `row ${err.row}` : "",
      ].filter((s) => s !== "");
      process.stderr.write(
        `data error${where.length > 0 ? ` (${where.join(", ")})` : ""}: ${err.message}\n`,
      );
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

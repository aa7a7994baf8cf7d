import { execFile } from "node:child_process";
import path from "node:path";

/** The project root (spec paths in tests are built from it). */
export const root = path.resolve(__dirname, "../..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");

/** Runs `npm run sim -- ...args` as a user would (tsx ml/cli.ts), with its exit code and output. */
export function sim(
  args: string[],
  opts: { timeout?: number } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      tsx,
      [path.join(root, "ml", "cli.ts"), ...args],
      { cwd: root, timeout: opts.timeout ?? 60_000, maxBuffer: 32 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === "number" ? err.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

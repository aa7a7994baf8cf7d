import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "concert-stop-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Starts the fixture server, waits for READY, sends `signal`, returns its exit code and output. */
async function startAndStop(
  signal: NodeJS.Signals,
): Promise<{ code: number | null; output: string }> {
  const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
  const env: NodeJS.ProcessEnv = { ...process.env, CONCERT_DATA_DIR: tmp };
  delete env.DATABASE_URL;
  const child = spawn(
    tsx,
    ["--conditions=react-server", path.join("tests", "fixtures", "serve.ts")],
    { env },
  );
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no READY: ${output}`)), 60_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes("READY")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  });
  child.kill(signal);
  return { code: await exited, output };
}

describe("stopping the server", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`closes the database cleanly on ${signal} and releases the folder`, async () => {
      const { code, output } = await startAndStop(signal);
      expect(output).toContain(`${signal}: stopping the job queue and closing the database`);
      expect(code).toBe(0);
      expect(fs.existsSync(path.join(tmp, "pglite.lock"))).toBe(false);
    });
  }
});

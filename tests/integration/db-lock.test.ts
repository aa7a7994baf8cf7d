import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DatabaseLockedError, openDatabase } from "@/db";
import { acquireLock } from "@/db/lock";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "concert-lock-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Opens the same PGlite folder from a second Node process and reports what happened. */
function openFromAnotherProcess(dataDir: string) {
  const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
  return spawnSync(tsx, [path.join("tests", "fixtures", "open-db.ts"), dataDir], {
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("one process owns a PGlite folder", () => {
  it("refuses a second process with a message naming the holder, and frees the folder on close", async () => {
    const dataDir = path.join(tmp, "pglite");
    const first = await openDatabase({ dataDir });
    const second = openFromAnotherProcess(dataDir);
    expect(second.status).toBe(3);
    expect(second.stdout).toContain(
      `REFUSED The database folder is already in use by process ${process.pid}`,
    );
    await first.close();
    const third = openFromAnotherProcess(dataDir);
    expect(third.stdout).toContain("OPENED");
  });

  it("takes over a lock left by a process that died", async () => {
    const lockFile = path.join(tmp, "stale.lock");
    const sleeper = spawn("sleep", ["30"]);
    fs.writeFileSync(lockFile, String(sleeper.pid));
    expect(() => acquireLock(lockFile)).toThrow(DatabaseLockedError);
    const exited = new Promise((resolve) => sleeper.on("exit", resolve));
    sleeper.kill("SIGKILL");
    await exited; // reaped: its pid no longer answers
    const release = acquireLock(lockFile);
    expect(fs.readFileSync(lockFile, "utf8")).toBe(String(process.pid));
    release();
    expect(fs.existsSync(lockFile)).toBe(false);
  });
});

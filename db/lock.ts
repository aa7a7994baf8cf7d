import fs from "node:fs";
import path from "node:path";

/**
 * PGlite has no lock between processes: two openers of one folder silently lose writes.
 * One process owns the folder through an O_EXCL lock file holding its pid; a lock whose
 * pid is no longer alive is stale and taken over.
 */
export class DatabaseLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly pid: number,
  ) {
    super(
      `The database folder is already in use by process ${pid} (lock file ${lockFile}). ` +
        `Stop that Concert server first, or set CONCERT_DATA_DIR to another folder.`,
    );
    this.name = "DatabaseLockedError";
  }
}

export function acquireLock(lockFile: string): () => void {
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockFile, "wx", 0o600);
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return () => releaseLock(lockFile);
    } catch (err) {
      if (!isErrno(err, "EEXIST")) throw err;
      const holder = readPid(lockFile);
      if (holder !== null && holder !== process.pid && isAlive(holder)) {
        throw new DatabaseLockedError(lockFile, holder);
      }
      // Stale (dead pid, unreadable file, or our own leftover): remove and retry once.
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not take the database lock ${lockFile}`);
}

function releaseLock(lockFile: string) {
  if (readPid(lockFile) === process.pid) fs.rmSync(lockFile, { force: true });
}

function readPid(lockFile: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(lockFile, "utf8").trim(), 10);
    return Number.isFinite(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: alive but owned by someone else.
    return isErrno(err, "EPERM");
  }
}

function isErrno(err: unknown, code: string): boolean {
  return typeof err === "object" && err !== null && "code" in err && err.code === code;
}

/**
 * Per-record encryption keys, kept outside the database so that deleting one is real.
 *
 * PostgreSQL never overwrites a row in place: a deleted or updated row survives in dead
 * tuples, the write-ahead log and every backup. Member records are therefore stored sealed
 * with a key of their own, and the key lives here, one small file per key. Destroying a key
 * overwrites its bytes in place, syncs them to disk and unlinks the file: every copy of the
 * sealed record the database still holds becomes unreadable (crypto-shredding).
 *
 * The folder is CONCERT_KEY_DIR, or `record-keys` beside the embedded database. Every
 * process that reads member records (the web server and any `npm run worker`) must see the
 * same folder; back it up apart from the database, or not at all.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const KEY_BYTES = 32;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The key folder: CONCERT_KEY_DIR, else `<CONCERT_DATA_DIR or ./.data>/record-keys`. */
function keyDirectory(): string {
  const explicit = process.env.CONCERT_KEY_DIR;
  if (explicit) return path.resolve(/* turbopackIgnore: true */ explicit);
  const dataDir =
    process.env.CONCERT_DATA_DIR ?? path.join(/* turbopackIgnore: true */ process.cwd(), ".data");
  return path.resolve(/* turbopackIgnore: true */ dataDir, "record-keys");
}

function keyPath(keyId: string): string {
  // Key ids are ours (uuids), but a path must never be built from anything else.
  if (!UUID.test(keyId)) throw new Error("malformed record key id");
  return path.join(keyDirectory(), keyId);
}

/*
 * Durability costs fsyncs: a key file's bytes, then its directory entry, when it is created
 * and again when it is destroyed. Done with synchronous calls they held the event loop for
 * about 17 ms per re-submitted record on the bench machine, so every other request waited
 * behind each PUT my-record. They run on libuv's thread pool instead, and concurrent writers
 * share directory syncs (below): the guarantees are the same, the waiting is not serialised.
 */

interface DirectorySync {
  /** The sync in progress, if any. */
  running: Promise<void> | null;
  /** The next sync, shared by every caller that arrived while one was running. */
  waiting: Promise<void> | null;
}

const directorySyncs = new Map<string, DirectorySync>();

// Callback fs wrapped by hand: a FileHandle (fs/promises) costs noticeably more per call,
// and a key is a few syscalls on a 32-byte file.
const openFd = (file: string, flags: string, mode?: number) =>
  new Promise<number>((resolve, reject) =>
    fs.open(file, flags, mode, (err, fd) => (err ? reject(err) : resolve(fd))),
  );
const writeFd = (fd: number, data: Buffer, position: number) =>
  new Promise<void>((resolve, reject) =>
    fs.write(fd, data, 0, data.length, position, (err, written) =>
      err ? reject(err) : written === data.length ? resolve() : reject(new Error("short write")),
    ),
  );
const fsyncFd = (fd: number) =>
  new Promise<void>((resolve, reject) => fs.fsync(fd, (err) => (err ? reject(err) : resolve())));
const closeFd = (fd: number) =>
  new Promise<void>((resolve, reject) => fs.close(fd, (err) => (err ? reject(err) : resolve())));

/** Writes `data` at `position` and syncs it, then closes the file (also on failure). */
async function writeSyncClose(fd: number, data: Buffer, position: number): Promise<void> {
  try {
    await writeFd(fd, data, position);
    await fsyncFd(fd);
  } finally {
    await closeFd(fd);
  }
}

async function fsyncDirectory(dir: string): Promise<void> {
  const fd = await openFd(dir, "r");
  try {
    await fsyncFd(fd);
  } finally {
    await closeFd(fd);
  }
}

/**
 * Makes the creation or removal of a file in `dir` durable. Resolves only after a sync that
 * began after the call, so the caller's change is covered; callers that arrive while a sync
 * runs (it may have begun before their change) share the one after it: one sync for a whole
 * batch of concurrent writers instead of one each.
 */
function syncDirectory(dir: string): Promise<void> {
  let state = directorySyncs.get(dir);
  if (!state) directorySyncs.set(dir, (state = { running: null, waiting: null }));
  const s = state;
  const start = () => {
    const run: Promise<void> = fsyncDirectory(dir).finally(() => {
      if (s.running === run) s.running = null;
    });
    s.running = run;
    return run;
  };
  if (!s.running) return start();
  s.waiting ??= s.running
    .catch(() => undefined)
    .then(() => {
      s.waiting = null;
      return start();
    });
  return s.waiting;
}

/** Creates a fresh key, durably on disk before anything is sealed with it. */
export async function createKey(): Promise<{ keyId: string; key: Buffer }> {
  const dir = keyDirectory();
  const keyId = crypto.randomUUID();
  const key = crypto.randomBytes(KEY_BYTES);
  const file = keyPath(keyId);
  let fd: number;
  try {
    fd = await openFd(file, "wx", 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    // The first key of this folder (checked on failure only: no extra call per key).
    await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
    fd = await openFd(file, "wx", 0o600);
  }
  await writeSyncClose(fd, key, 0);
  await syncDirectory(dir);
  return { keyId, key };
}

/** The key, or null once it has been destroyed (the record it sealed is gone for good). */
export function readKey(keyId: string): Buffer | null {
  try {
    const key = fs.readFileSync(keyPath(keyId));
    return key.length === KEY_BYTES && !key.every((b) => b === 0) ? key : null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

/**
 * Destroys a key: its bytes are overwritten in place with zeros, synced, then the file is
 * removed. Safe to call for a key that is already gone.
 *
 * The removal itself is not synced (that was one more fsync per re-submitted record): what
 * destroys the key is the synced overwrite. Should a crash undo the unlink, what comes back
 * is a file of zeros, which readKey treats as destroyed.
 */
export async function destroyKey(keyId: string): Promise<void> {
  const file = keyPath(keyId);
  let fd: number;
  try {
    fd = await openFd(file, "r+");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
    throw err;
  }
  await writeSyncClose(fd, Buffer.alloc(KEY_BYTES), 0);
  await new Promise<void>((resolve, reject) =>
    fs.unlink(file, (err) => (err && err.code !== "ENOENT" ? reject(err) : resolve())),
  );
}

/** Tests: a private key folder for this process. */
export function useTemporaryKeyDirectory(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concert-keys-"));
  process.env.CONCERT_KEY_DIR = dir;
  return dir;
}

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
import fsp from "node:fs/promises";
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

async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await fsp.open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
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
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(file, "wx", 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    // The first key of this folder (checked on failure only: no extra call per key).
    await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
    handle = await fsp.open(file, "wx", 0o600);
  }
  try {
    await handle.writeFile(key);
    await handle.sync();
  } finally {
    await handle.close();
  }
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
 * removed (and the removal synced). Safe to call for a key that is already gone.
 */
export async function destroyKey(keyId: string): Promise<void> {
  const file = keyPath(keyId);
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(file, "r+");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
    throw err;
  }
  try {
    await handle.write(Buffer.alloc(KEY_BYTES), 0, KEY_BYTES, 0);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fsp.rm(file, { force: true });
  await syncDirectory(path.dirname(file));
}

/** Tests: a private key folder for this process. */
export function useTemporaryKeyDirectory(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concert-keys-"));
  process.env.CONCERT_KEY_DIR = dir;
  return dir;
}

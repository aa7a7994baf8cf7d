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

function syncDirectory(dir: string): void {
  // Makes the creation or removal of a file itself durable (not only its contents).
  const fd = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Creates a fresh key, durably on disk before anything is sealed with it. */
export function createKey(): { keyId: string; key: Buffer } {
  const dir = keyDirectory();
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keyId = crypto.randomUUID();
  const key = crypto.randomBytes(KEY_BYTES);
  const fd = fs.openSync(keyPath(keyId), "wx", 0o600);
  try {
    fs.writeSync(fd, key);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  syncDirectory(dir);
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
 */
export function destroyKey(keyId: string): void {
  const file = keyPath(keyId);
  let fd: number;
  try {
    fd = fs.openSync(file, "r+");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
    throw err;
  }
  try {
    fs.writeSync(fd, Buffer.alloc(KEY_BYTES), 0, KEY_BYTES, 0);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.rmSync(file, { force: true });
  syncDirectory(path.dirname(file));
}

/** Tests: a private key folder for this process. */
export function useTemporaryKeyDirectory(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concert-keys-"));
  process.env.CONCERT_KEY_DIR = dir;
  return dir;
}

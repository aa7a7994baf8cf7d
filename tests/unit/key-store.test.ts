import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createKey, destroyKey, readKey } from "@/db/vault/key-store";

afterEach(() => vi.restoreAllMocks());

/** Counts directory syncs: the key folder opened read-only (key files are opened otherwise). */
function countDirectorySyncs() {
  const open = fs.open.bind(fs) as (...args: unknown[]) => void;
  const calls = { n: 0 };
  vi.spyOn(fs, "open").mockImplementation(((...args: unknown[]) => {
    if (args[1] === "r") calls.n++;
    open(...args);
  }) as typeof fs.open);
  return calls;
}

describe("key store", () => {
  it("creates keys that read back, and destroys them for good", async () => {
    const { keyId, key } = await createKey();
    expect(readKey(keyId)).toEqual(key);
    await destroyKey(keyId);
    expect(readKey(keyId)).toBeNull();
    await destroyKey(keyId); // already gone: nothing to do
  });

  it("shares directory syncs between concurrent writers, and each still gets its key", async () => {
    const syncs = countDirectorySyncs();
    const keys = await Promise.all(Array.from({ length: 20 }, () => createKey()));
    expect(new Set(keys.map((k) => k.keyId)).size).toBe(20);
    for (const k of keys) expect(readKey(k.keyId)).toEqual(k.key);
    expect(syncs.n).toBeGreaterThanOrEqual(1);
    expect(syncs.n).toBeLessThan(20);

    await Promise.all(keys.map((k) => destroyKey(k.keyId)));
    for (const k of keys) expect(readKey(k.keyId)).toBeNull();
  });

  it("syncs the directory after a lone creation; a destroyed key is zeros on disk first", async () => {
    const syncs = countDirectorySyncs();
    const { keyId } = await createKey();
    expect(syncs.n).toBe(1);
    const zeroed: Buffer[] = [];
    const write = fs.write.bind(fs) as (...args: unknown[]) => void;
    vi.spyOn(fs, "write").mockImplementation(((...args: unknown[]) => {
      if (Buffer.isBuffer(args[1])) zeroed.push(Buffer.from(args[1]));
      write(...args);
    }) as typeof fs.write);
    await destroyKey(keyId);
    // The overwrite is what destroys it (synced before the unlink); a crash that undid the
    // unlink would leave zeros, which read as destroyed.
    expect(zeroed).toEqual([Buffer.alloc(32)]);
    expect(readKey(keyId)).toBeNull();
    fs.writeFileSync(path.join(process.env.CONCERT_KEY_DIR ?? "", keyId), Buffer.alloc(32));
    expect(readKey(keyId)).toBeNull();
  });
});

import crypto from "node:crypto";
import { promisify } from "node:util";

const scrypt = promisify(crypto.scrypt) as (
  password: crypto.BinaryLike,
  salt: crypto.BinaryLike,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

// scrypt is memory-hard (128 * N * r bytes = 32 MiB here) and ships with Node, so no
// native addon has to build on a new machine. Parameters are stored with each hash so
// they can be raised later without breaking old accounts.
const N = 2 ** 15;
const r = 8;
const p = 1;
const KEYLEN = 32;
const maxmem = 128 * N * r * 2;

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password.normalize("NFKC"), salt, KEYLEN, { N, r, p, maxmem });
  return ["scrypt", N, r, p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [, nStr, rStr, pStr, saltStr, keyStr] = parts;
  const params = { N: Number(nStr), r: Number(rStr), p: Number(pStr) };
  const expected = Buffer.from(keyStr ?? "", "base64url");
  const key = await scrypt(
    password.normalize("NFKC"),
    Buffer.from(saltStr ?? "", "base64url"),
    expected.length,
    {
      ...params,
      maxmem: 128 * params.N * params.r * 2,
    },
  );
  return key.length === expected.length && crypto.timingSafeEqual(key, expected);
}

/** A hash to compare against when the handle does not exist, so timing does not tell. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword("not-a-real-password-" + crypto.randomUUID());
  return dummyHash;
}

/**
 * Sealing a member's record with its own key: AES-256-GCM, a fresh nonce every time, and
 * the row's identity (campaign and person) as associated data, so a sealed value copied
 * onto another row does not open.
 */
import crypto from "node:crypto";

const VERSION = "v1";
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export function seal(key: Buffer, plaintext: string, rowIdentity: string): string {
  const nonce = crypto.randomBytes(NONCE_BYTES);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(rowIdentity, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}:${Buffer.concat([nonce, cipher.getAuthTag(), body]).toString("base64")}`;
}

/** The plaintext, or null when the value does not open with this key (tampered or misplaced). */
export function unseal(key: Buffer, sealed: string, rowIdentity: string): string | null {
  const [version, encoded] = sealed.split(":", 2);
  if (version !== VERSION || !encoded) return null;
  const raw = Buffer.from(encoded, "base64");
  if (raw.length < NONCE_BYTES + TAG_BYTES) return null;
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key, raw.subarray(0, NONCE_BYTES));
    decipher.setAAD(Buffer.from(rowIdentity, "utf8"));
    decipher.setAuthTag(raw.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
    return Buffer.concat([
      decipher.update(raw.subarray(NONCE_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    return null;
  }
}

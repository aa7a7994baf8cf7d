import crypto from "node:crypto";

/** A random URL-safe token with a readable prefix (e.g. "cct_" for API tokens). */
export function newSecretToken(prefix: string): string {
  return prefix + crypto.randomBytes(24).toString("base64url");
}

/** Tokens are stored only as SHA-256: they are random, so a slow hash adds nothing. */
export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

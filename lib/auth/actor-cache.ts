import crypto from "node:crypto";
import type { Actor } from "@/lib/data/accounts";

/*
 * Who a credential (API token or session cookie) belongs to, remembered for a few seconds.
 *
 * Resolving it costs database round trips on every API request (and a JWT decryption for a
 * cookie); on PGlite's single connection they queued behind every other request and made
 * `GET /me` cost twice the bare route (bench:load, README "Performance").
 *
 * Revocation still works:
 * - In this process it is immediate: revoking a token, signing out, "sign out everywhere"
 *   and deleting the account call forgetActorsOf() once their delete has committed. A lookup
 *   that began before a forget never stores its answer (the generation check below), so a
 *   read racing the delete cannot put the revoked credential back.
 * - A session's own expiry is honoured to the millisecond: an entry never outlives it.
 * - Several web servers on one PostgreSQL (DATABASE_URL) do not tell each other: a credential
 *   revoked through one server keeps working on the others for at most TTL_MS. That is the
 *   price of not querying per request; SECURITY.md states it. Direct edits of the database
 *   (an administrator deleting rows) are seen after at most TTL_MS as well.
 *
 * Only answers that found someone are kept: a new token works at once, and guessing tokens
 * gains nothing. Keys are SHA-256 of the credential, never the credential itself.
 */
const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  actor: Actor;
  /** Epoch milliseconds after which the entry is not used. */
  until: number;
}

interface ActorCache {
  entries: Map<string, Entry>;
  /** Bumped by every forget: a lookup that straddles one must not store its answer. */
  generation: number;
}

// On globalThis: Next bundles each route (and server actions) separately, and a module-level
// map would be one copy per bundle, so a revocation in one route would miss the others' copies.
const cache: ActorCache = ((
  globalThis as { __concertActorCache?: ActorCache }
).__concertActorCache ??= { entries: new Map(), generation: 0 });

/** The cache key of a credential: its SHA-256, prefixed by its kind. */
export function credentialKey(kind: "token" | "cookie", credential: string): string {
  return `${kind}:${crypto.createHash("sha256").update(credential).digest("base64url")}`;
}

/**
 * The actor behind a credential: from the cache while fresh, else from `lookup` (which
 * returns the actor and, for sessions, when the credential expires), remembered on success.
 */
export async function cachedActor(
  key: string,
  lookup: () => Promise<{ actor: Actor; expiresAt: Date | null } | null>,
  now: () => number = Date.now,
): Promise<Actor | null> {
  const hit = cache.entries.get(key);
  if (hit && now() < hit.until) return hit.actor;
  if (hit) cache.entries.delete(key);
  const generation = cache.generation;
  // From before the lookup: the answer is never trusted longer than TTL_MS after it was read.
  const asked = now();
  const found = await lookup();
  if (!found) return null;
  let actor = found.actor;
  if (generation === cache.generation) {
    const until = Math.min(asked + TTL_MS, found.expiresAt?.getTime() ?? Infinity);
    if (cache.entries.size >= MAX_ENTRIES) {
      // Oldest first (Map order): an evicted entry only costs one lookup later.
      const oldest = cache.entries.keys().next();
      if (!oldest.done) cache.entries.delete(oldest.value);
    }
    // Frozen: one object is handed to every request that presents this credential.
    actor = Object.freeze({ ...found.actor });
    cache.entries.set(key, { actor, until });
  }
  return actor;
}

/**
 * Forgets every credential of a person. Call it after the delete that revokes them has
 * committed (not inside its transaction: a lookup between the forget and the commit would
 * still find the row and store it).
 */
export function forgetActorsOf(userId: string): void {
  cache.generation++;
  for (const [key, entry] of cache.entries) {
    if (entry.actor.userId === userId) cache.entries.delete(key);
  }
}

/** Tests: start from an empty cache (a row edited behind the app's back, another process). */
export function forgetAllActors(): void {
  cache.generation++;
  cache.entries.clear();
}

/** How long another server may still accept a revoked credential (SECURITY.md, tests). */
export const ACTOR_CACHE_TTL_MS = TTL_MS;

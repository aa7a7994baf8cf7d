import { afterEach, describe, expect, it } from "vitest";
import {
  ACTOR_CACHE_TTL_MS,
  cachedActor,
  credentialKey,
  forgetActorsOf,
  forgetAllActors,
} from "@/lib/auth/actor-cache";

const ann = { userId: "00000000-0000-4000-8000-000000000001", handle: "ann" };
const bob = { userId: "00000000-0000-4000-8000-000000000002", handle: "bob" };

/** A lookup that counts how often the database would have been asked. */
function counting(answer: { actor: typeof ann; expiresAt: Date | null } | null) {
  const lookup = async () => {
    lookup.calls++;
    return answer;
  };
  lookup.calls = 0;
  return lookup;
}

afterEach(() => forgetAllActors());

describe("actor cache", () => {
  it("asks once within the TTL, and again after it", async () => {
    let now = 1_000_000;
    const lookup = counting({ actor: ann, expiresAt: null });
    const key = credentialKey("token", "cct_a");
    expect(await cachedActor(key, lookup, () => now)).toEqual(ann);
    now += ACTOR_CACHE_TTL_MS - 1;
    expect(await cachedActor(key, lookup, () => now)).toEqual(ann);
    expect(lookup.calls).toBe(1);
    now += 1;
    expect(await cachedActor(key, lookup, () => now)).toEqual(ann);
    expect(lookup.calls).toBe(2);
  });

  it("never serves a session past its expiry, even within the TTL", async () => {
    let now = 1_000_000;
    const lookup = counting({ actor: ann, expiresAt: new Date(now + 1_000) });
    const key = credentialKey("cookie", "jwt-a");
    await cachedActor(key, lookup, () => now);
    now += 999;
    await cachedActor(key, lookup, () => now);
    expect(lookup.calls).toBe(1);
    now += 1;
    await cachedActor(key, lookup, () => now);
    expect(lookup.calls).toBe(2);
  });

  it("remembers no failure: a credential that was unknown works once it exists", async () => {
    const key = credentialKey("token", "cct_new");
    expect(await cachedActor(key, counting(null))).toBeNull();
    expect(await cachedActor(key, counting({ actor: ann, expiresAt: null }))).toEqual(ann);
  });

  it("forgets one person's credentials and keeps everybody else's", async () => {
    const annKey = credentialKey("token", "cct_ann");
    const bobKey = credentialKey("token", "cct_bob");
    await cachedActor(annKey, counting({ actor: ann, expiresAt: null }));
    await cachedActor(bobKey, counting({ actor: bob, expiresAt: null }));
    forgetActorsOf(ann.userId);
    const annAgain = counting(null); // revoked in the database
    const bobAgain = counting({ actor: bob, expiresAt: null });
    expect(await cachedActor(annKey, annAgain)).toBeNull();
    expect(await cachedActor(bobKey, bobAgain)).toEqual(bob);
    expect([annAgain.calls, bobAgain.calls]).toEqual([1, 0]);
  });

  it("does not store an answer read before a revocation that lands while it is in flight", async () => {
    const key = credentialKey("token", "cct_race");
    let release = () => {};
    const slow = async () => {
      // The row is read (still there), then the revocation commits and forgets, then we return.
      await new Promise<void>((r) => (release = r));
      return { actor: ann, expiresAt: null };
    };
    const inFlight = cachedActor(key, slow);
    await Promise.resolve();
    forgetActorsOf(ann.userId);
    release();
    expect(await inFlight).toEqual(ann); // that request began before the revocation
    const next = counting(null);
    expect(await cachedActor(key, next)).toBeNull();
    expect(next.calls).toBe(1);
  });

  it("hands out a frozen actor, so no request can change what the next one sees", async () => {
    const key = credentialKey("token", "cct_frozen");
    const actor = await cachedActor(key, counting({ actor: { ...ann }, expiresAt: null }));
    expect(Object.isFrozen(actor)).toBe(true);
  });
});

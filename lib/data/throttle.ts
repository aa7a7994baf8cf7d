import "server-only";
import type { Db } from "@/db";
import { clearThrottle, getThrottle, saveThrottle } from "@/db/queries/accounts";

// After MAX_FAILURES failed sign-ins within WINDOW for one handle or one address,
// that key is refused for LOCK. Kept in the database so it holds across processes.
const MAX_FAILURES = 5;
const WINDOW_MS = 15 * 60_000;
const LOCK_MS = 15 * 60_000;

export interface ThrottleState {
  locked: boolean;
  retryAfterSeconds: number;
}

/**
 * The client's address for throttling, from X-Forwarded-For, but only when the operator says
 * a reverse proxy sets it (CONCERT_TRUST_PROXY=1): otherwise anyone could send a new address
 * with every guess, and without a proxy Next fills in its own, shared by every visitor.
 */
export function clientAddress(forwardedFor: string | null | undefined): string | null {
  if (process.env.CONCERT_TRUST_PROXY !== "1" || !forwardedFor) return null;
  return forwardedFor.split(",")[0]?.trim() || null;
}

export function throttleKeys(handle: string, address: string | null): string[] {
  const keys = [`handle:${handle.trim().toLowerCase()}`];
  if (address) keys.push(`ip:${address}`);
  return keys;
}

export async function checkThrottle(db: Db, keys: string[], now = new Date()): Promise<ThrottleState> {
  let retryAfter = 0;
  for (const key of keys) {
    const row = await getThrottle(db, key);
    if (row?.lockedUntil && row.lockedUntil > now) {
      retryAfter = Math.max(retryAfter, Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000));
    }
  }
  return { locked: retryAfter > 0, retryAfterSeconds: retryAfter };
}

export async function recordFailure(db: Db, keys: string[], now = new Date()): Promise<void> {
  for (const key of keys) {
    const row = await getThrottle(db, key);
    const inWindow = row && now.getTime() - row.windowStartedAt.getTime() < WINDOW_MS;
    const failures = inWindow ? row.failures + 1 : 1;
    await saveThrottle(db, {
      key,
      failures: failures >= MAX_FAILURES ? 0 : failures,
      windowStartedAt: inWindow ? row.windowStartedAt : now,
      lockedUntil: failures >= MAX_FAILURES ? new Date(now.getTime() + LOCK_MS) : (row?.lockedUntil ?? null),
    });
  }
}

/** A success clears the handle's counter (not the address's: one good login must not reset guessing). */
export async function recordSuccess(db: Db, handle: string): Promise<void> {
  await clearThrottle(db, `handle:${handle.trim().toLowerCase()}`);
}

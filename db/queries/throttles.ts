import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../open";
import { signInThrottles } from "../schema";

type ThrottleRow = typeof signInThrottles.$inferSelect;

/**
 * Creates the rows if missing and locks them (in key order, so two requests never deadlock)
 * until the caller's transaction ends: concurrent sign-ins for one handle queue here.
 */
export async function lockThrottleRows(tx: Db, keys: string[], now: Date): Promise<ThrottleRow[]> {
  const sorted = [...new Set(keys)].sort();
  await tx
    .insert(signInThrottles)
    .values(sorted.map((key) => ({ key, attempts: 0, failures: 0, windowStartedAt: now })))
    .onConflictDoNothing();
  return tx
    .select()
    .from(signInThrottles)
    .where(inArray(signInThrottles.key, sorted))
    .orderBy(asc(signInThrottles.key))
    .for("update");
}

export async function saveThrottleRow(tx: Db, row: ThrottleRow): Promise<void> {
  await tx
    .update(signInThrottles)
    .set({
      attempts: row.attempts,
      failures: row.failures,
      windowStartedAt: row.windowStartedAt,
      nextAllowedAt: row.nextAllowedAt,
    })
    .where(eq(signInThrottles.key, row.key));
}

/** Gives one reserved check back (it turned out to be the right password). */
export async function releaseThrottleCheck(db: Db, key: string): Promise<void> {
  await db
    .update(signInThrottles)
    .set({ attempts: sql`greatest(${signInThrottles.attempts} - 1, 0)` })
    .where(eq(signInThrottles.key, key));
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.delete(signInThrottles).where(eq(signInThrottles.key, key));
}

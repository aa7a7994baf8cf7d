import "server-only";
import type { Db } from "@/db";
import { countMembers } from "@/db/queries/collectives";

/*
 * Counting 100,000 memberships takes ~35 ms (a scan), and every members page, collective
 * header and stats read needs the count: at 50 concurrent readers on PGlite's single
 * connection that queue dominated (bench:load, README "Performance"). Large rosters change
 * slowly relative to reads, so their count is reused for a few seconds.
 *
 * Only counts of at least CACHE_FROM are kept: far above the minimum-count rule's 5, so a
 * stale count can never decide whether names are shown (a roster cannot fall from 1,000 to
 * under 5 within the TTL). Small collectives are always counted exactly.
 */
const TTL_MS = 5_000;
const CACHE_FROM = 1_000;
const counts = new Map<string, { count: number; at: number }>();

/** The number of members, exact below 1,000 and at most a few seconds old above. */
export async function memberCount(db: Db, collectiveId: string, now = Date.now()): Promise<number> {
  const hit = counts.get(collectiveId);
  if (hit && now - hit.at < TTL_MS) return hit.count;
  const count = await countMembers(db, { collectiveId });
  if (count >= CACHE_FROM) counts.set(collectiveId, { count, at: now });
  else counts.delete(collectiveId);
  return count;
}

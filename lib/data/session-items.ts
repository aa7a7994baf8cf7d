import "server-only";
import type { Db } from "@/db";
import { listItemsForView } from "@/db/queries/session-items";

/** An item as a view needs it; every status (who may see which is decided per viewer). */
export type ViewItem = Awaited<ReturnType<typeof listItemsForView>>[number];

/*
 * A session's items are the same for every viewer (each viewer sees a filtered part), and
 * each poll of each viewer read them all again: 100 rows of text for a 100-statement session,
 * the largest part of a read's database time once the release was cached (bench:load). They
 * are kept here under the fingerprint the session query computes in the database (count and
 * hash sum of every item's id, status, author and text, db/queries/sessions.ts): any change,
 * made through any server, changes the fingerprint, and the next read loads them again.
 * Never served past a change, so no time limit.
 */
const MAX_CACHED_SESSIONS = 200;

interface CachedItems {
  fingerprint: string;
  items: readonly ViewItem[];
}

const cached: Map<string, CachedItems> = ((
  globalThis as { __concertSessionItems?: Map<string, CachedItems> }
).__concertSessionItems ??= new Map<string, CachedItems>());

/** The session's items as of `fingerprint` (read in the same request), loaded if it changed. */
export async function readSessionItems(
  db: Db,
  sessionId: string,
  fingerprint: string,
): Promise<readonly ViewItem[]> {
  const hit = cached.get(sessionId);
  if (hit && hit.fingerprint === fingerprint) return hit.items;
  // Read after the fingerprint: at least as new as it, so never older than what it names.
  const items = Object.freeze(
    (await listItemsForView(db, { sessionId })).map((i) => Object.freeze(i)),
  );
  cached.delete(sessionId);
  cached.set(sessionId, { fingerprint, items });
  if (cached.size > MAX_CACHED_SESSIONS) {
    const oldest = cached.keys().next();
    if (!oldest.done) cached.delete(oldest.value);
  }
  return items;
}

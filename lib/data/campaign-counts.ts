import "server-only";
import type { Db } from "@/db";
import { campaignCounts } from "@/db/queries/campaigns";

/*
 * A campaign's stats count its records: with 20,000 records that is a scan of every row
 * (about 3 ms of PGlite's single connection), on every stats read of every organizer
 * (bench:load). Large campaigns' counts are reused for a few seconds, as member counts are
 * (member-count.ts).
 *
 * The minimum-count rule still holds: every figure served was gated (lib/privacy.ts) on the
 * counts it was computed from, when it was computed. Serving the same figure a few seconds
 * later reveals nothing that serving it then did not, and fewer distinct readings give an
 * observer watching over time less to compare, not more. Only campaigns with at least
 * CACHE_FROM records are reused; smaller ones are counted on every read, so a campaign's
 * first confirmations show at once.
 */
const TTL_MS = 5_000;
const CACHE_FROM = 1_000;

type Counts = Awaited<ReturnType<typeof campaignCounts>>;

const cached = new Map<string, { counts: Counts; at: number }>();

/** A campaign's record counts: exact below 1,000 records, at most a few seconds old above. */
export async function countCampaignRecords(
  db: Db,
  campaignId: string,
  now = Date.now(),
): Promise<Counts> {
  const hit = cached.get(campaignId);
  if (hit && now - hit.at < TTL_MS) return hit.counts;
  const counts = await campaignCounts(db, { campaignId });
  if (counts.records >= CACHE_FROM) cached.set(campaignId, { counts, at: now });
  else cached.delete(campaignId);
  return counts;
}

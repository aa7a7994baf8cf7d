/**
 * Large campaigns' record counts (stats) are reused for a few seconds; small ones are always
 * exact, so a campaign's first confirmations show at once (lib/data/campaign-counts.ts).
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db";
import { countCampaignRecords } from "@/lib/data/campaign-counts";
import { freshDatabase } from "../helpers/db";
import { insertGigPlantCampaign } from "../helpers/campaigns";
import { collectiveWith } from "../helpers/people";

let open: OpenDatabase;
beforeAll(async () => {
  open = await freshDatabase();
});
afterAll(async () => {
  await open.close();
});

/** `n` bare records (counts look at no content) of new people. */
async function addRecords(collectiveId: string, campaignId: string, prefix: string, n: number) {
  await open.db.execute(sql`
    insert into users (handle, handle_key, password_hash)
    select ${prefix} || i, ${prefix} || i, 'x' from generate_series(1, ${n}) as i`);
  await open.db.execute(sql`
    insert into campaign_records (campaign_id, user_id, collective_id)
    select ${campaignId}, id, ${collectiveId} from users where handle_key like ${`${prefix}%`}`);
}

describe("campaign record counts", () => {
  it("counts small campaigns exactly on every call", async () => {
    const g = await collectiveWith("cc", 0);
    const campaign = await insertGigPlantCampaign(open.db, g.id);
    const t = Date.now();
    await addRecords(g.id, campaign.id, "ccfew", 6);
    expect((await countCampaignRecords(open.db, campaign.id, t)).records).toBe(6);
    await addRecords(g.id, campaign.id, "ccone", 1);
    expect((await countCampaignRecords(open.db, campaign.id, t + 1)).records).toBe(7);
  });

  it("reuses a large campaign's counts for five seconds, then counts again", async () => {
    const g = await collectiveWith("cl", 0);
    const campaign = await insertGigPlantCampaign(open.db, g.id);
    await addRecords(g.id, campaign.id, "clbulk", 1_200);
    const t = Date.now();
    expect((await countCampaignRecords(open.db, campaign.id, t)).records).toBe(1_200);
    await addRecords(g.id, campaign.id, "clmore", 10);
    expect((await countCampaignRecords(open.db, campaign.id, t + 4_000)).records).toBe(1_200);
    expect((await countCampaignRecords(open.db, campaign.id, t + 5_001)).records).toBe(1_210);
  });
});

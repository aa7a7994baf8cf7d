/**
 * Re-submitting a record seals it under a new key and destroys the key it replaces. The new
 * key is created before the write, the write is one statement that returns the key it
 * replaced (db/queries/campaign-records.ts), and key files are synced off the event loop with
 * shared directory syncs (db/vault/key-store.ts). Writers racing on one record must still
 * leave exactly one key: the record's. Runs on PostgreSQL too (real concurrent connections).
 */
import fs from "node:fs";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db";
import { campaignRecords } from "@/db/schema";
import * as myRecord from "@/app/api/v1/campaigns/[campaignId]/my-record/route";
import * as myInstruction from "@/app/api/v1/campaigns/[campaignId]/my-instruction/route";
import { freshDatabase } from "../helpers/db";
import { call } from "../helpers/api";
import { insertGigPlantCampaign } from "../helpers/campaigns";
import { collectiveWith } from "../helpers/people";

let open: OpenDatabase;
beforeAll(async () => {
  open = await freshDatabase();
});
afterAll(async () => {
  await open.close();
});

const keyDir = () => process.env.CONCERT_KEY_DIR ?? "";
const keyFiles = () => new Set(fs.existsSync(keyDir()) ? fs.readdirSync(keyDir()) : []);

async function keyIdOf(campaignId: string, userId: string) {
  const [row] = await open.db
    .select({ keyId: campaignRecords.keyId })
    .from(campaignRecords)
    .where(and(eq(campaignRecords.campaignId, campaignId), eq(campaignRecords.userId, userId)));
  return row?.keyId ?? null;
}

const fields = (i: number) => ({
  bio: `courier number ${i}`,
  city: "Lyon",
  vehicle: "bike",
  group: "a",
  hours: "20",
  rating: "4.5",
  label: "rejected",
});

describe("record re-submission", () => {
  it("leaves exactly one key, the record's, after first and repeated submissions race", async () => {
    const g = await collectiveWith("rsb", 5);
    const campaign = await insertGigPlantCampaign(open.db, g.id);
    const m = g.members[0]!;
    const before = keyFiles();
    const put = (i: number) =>
      call(myRecord.PUT, "PUT", "/x", {
        token: m.token,
        params: { campaignId: campaign.id },
        body: { fields: fields(i) },
      });
    // The first submissions race to insert; the later ones to replace.
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => put(i)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    const added = [...keyFiles()].filter((f) => !before.has(f));
    expect(added).toEqual([await keyIdOf(campaign.id, m.userId)]);

    const mine = await call(myInstruction.GET, "GET", "/x", {
      token: m.token,
      params: { campaignId: campaign.id },
    });
    expect(mine.status).toBe(200);
    expect((mine.json as { fields: { bio: string } }).fields.bio).toMatch(/^courier number \d$/);
  });

  it("destroys the previous key on each re-submission in turn", async () => {
    const g = await collectiveWith("rsq", 5);
    const campaign = await insertGigPlantCampaign(open.db, g.id);
    const m = g.members[1]!;
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await call(myRecord.PUT, "PUT", "/x", {
        token: m.token,
        params: { campaignId: campaign.id },
        body: { fields: fields(i) },
      });
      expect(res.status).toBe(200);
      seen.push((await keyIdOf(campaign.id, m.userId)) ?? "");
    }
    expect(new Set(seen).size).toBe(3);
    const present = keyFiles();
    expect(seen.map((k) => present.has(k))).toEqual([false, false, true]);
  });
});

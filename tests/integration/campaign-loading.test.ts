/**
 * Campaign rows are kept per process under their version (xmin) and the caller's role is
 * read on every request (db/queries/campaigns.ts): any change to the row, made through any
 * server, shows at the next request, and access is decided afresh every time.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db";
import * as campaignRoute from "@/app/api/v1/campaigns/[campaignId]/route";
import * as myRecord from "@/app/api/v1/campaigns/[campaignId]/my-record/route";
import * as member from "@/app/api/v1/collectives/[id]/members/[userId]/route";
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

const fields = {
  bio: "courier",
  city: "Lyon",
  vehicle: "bike",
  group: "a",
  hours: "20",
  rating: "4.5",
  label: "rejected",
};

describe("campaign loading", () => {
  it("sees a change made behind this process's back at the next request", async () => {
    const g = await collectiveWith("cld", 5);
    const campaign = await insertGigPlantCampaign(open.db, g.id);
    const m = g.members[0]!;
    const get = async () =>
      (
        await call(campaignRoute.GET, "GET", "/x", {
          token: m.token,
          params: { campaignId: campaign.id },
        })
      ).json as { name: string; status: string };
    expect(await get()).toMatchObject({ name: "Plant a token", status: "launched" });
    await open.db.execute(
      sql`update campaigns set name = 'Renamed', status = 'paused' where id = ${campaign.id}`,
    );
    expect(await get()).toMatchObject({ name: "Renamed", status: "paused" });
    const put = await call(myRecord.PUT, "PUT", "/x", {
      token: m.token,
      params: { campaignId: campaign.id },
      body: { fields },
    });
    expect(put.status).toBe(409);
    // Back to a draft (not a real transition): it no longer exists for members.
    await open.db.execute(sql`update campaigns set status = 'draft' where id = ${campaign.id}`);
    expect(
      (
        await call(campaignRoute.GET, "GET", "/x", {
          token: m.token,
          params: { campaignId: campaign.id },
        })
      ).status,
    ).toBe(404);
  });

  it("decides access afresh: a member who left gets 404 at once", async () => {
    const g = await collectiveWith("clf", 5);
    const campaign = await insertGigPlantCampaign(open.db, g.id);
    const m = g.members[1]!;
    const read = () =>
      call(campaignRoute.GET, "GET", "/x", { token: m.token, params: { campaignId: campaign.id } });
    expect((await read()).status).toBe(200);
    const left = await call(member.DELETE, "DELETE", "/x", {
      token: m.token,
      params: { id: g.id, userId: m.userId },
    });
    expect(left.status).toBe(204);
    expect((await read()).status).toBe(404);
  });
});

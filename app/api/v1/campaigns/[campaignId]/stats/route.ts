import { authedRoute, toResponse } from "@/lib/api/respond";
import { getCampaignStats } from "@/lib/data/campaigns";
import { otherMethods } from "@/lib/api/method-not-allowed";

/** GET /api/v1/campaigns/{id}/stats: aggregates, each null (with a "fewer than 5" label) below five. */
export const GET = authedRoute<{ campaignId: string }>(async ({ db, actor, params }) =>
  toResponse(await getCampaignStats(db, actor, params.campaignId)),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");

import { authedRoute, toResponse } from "@/lib/api/respond";
import { getCampaign } from "@/lib/data/campaigns";
import { otherMethods } from "@/lib/api/method-not-allowed";

/** GET /api/v1/campaigns/{id}: the campaign's design (never any member's record). */
export const GET = authedRoute<{ campaignId: string }>(async ({ db, actor, params }) =>
  toResponse(await getCampaign(db, actor, params.campaignId)),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");

import { authedRoute, toResponse } from "@/lib/api/respond";
import { getCampaign } from "@/lib/data/campaigns";

/** GET /api/v1/campaigns/{id}: the campaign's design (never any member's record). */
export const GET = authedRoute<{ campaignId: string }>(async ({ db, actor, params }) =>
  toResponse(await getCampaign(db, actor, params.campaignId)),
);

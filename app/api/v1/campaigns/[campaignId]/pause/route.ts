import { authedRoute, readJson, toResponse } from "@/lib/api/respond";
import { changeCampaignStatus } from "@/lib/data/campaigns";
import { otherMethods } from "@/lib/api/method-not-allowed";

/** POST /api/v1/campaigns/{id}/pause (organizers) -> {id, status} */
export const POST = authedRoute<{ campaignId: string }>(async ({ req, db, actor, params }) => {
  const body = await readJson(req, { optional: true });
  if (!body.ok) return toResponse(body);
  return toResponse(await changeCampaignStatus(db, actor, params.campaignId, "pause"));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");

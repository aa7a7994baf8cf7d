import { authedRoute, readJson, toResponse } from "@/lib/api/respond";
import { auditCampaignDesign } from "@/lib/data/campaigns";
import { otherMethods } from "@/lib/api/method-not-allowed";

/** POST /api/v1/collectives/{id}/signal-audit {datasetId | sample, data?, campaign} -> {xi, delta, suggestions, ...} */
export const POST = authedRoute<{ id: string }>(async ({ req, db, actor, params }) => {
  const body = await readJson(req);
  if (!body.ok) return toResponse(body);
  return toResponse(await auditCampaignDesign(db, actor, params.id, body.value));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");

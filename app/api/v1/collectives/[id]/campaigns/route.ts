import { authedRoute, readJson, toResponse } from "@/lib/api/respond";
import { createCampaign, getCampaigns } from "@/lib/data/campaigns";
import { otherMethods } from "@/lib/api/method-not-allowed";

/**
 * POST /api/v1/collectives/{id}/campaigns {name, datasetId | sample, data?, populationSize, learner, campaign, targetSuccess}
 * -> 201 {id, status} (organizers)
 */
export const POST = authedRoute<{ id: string }>(async ({ req, db, actor, params }) => {
  const body = await readJson(req);
  if (!body.ok) return toResponse(body);
  return toResponse(await createCampaign(db, actor, params.id, body.value), 201);
});

/** GET /api/v1/collectives/{id}/campaigns -> {campaigns: [{id, name, status}]} */
export const GET = authedRoute<{ id: string }>(async ({ db, actor, params }) => {
  const result = await getCampaigns(db, actor, params.id);
  return result.ok ? Response.json({ campaigns: result.value }) : toResponse(result);
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");

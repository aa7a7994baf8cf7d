import { authedRoute, readJson, toResponse } from "@/lib/api/respond";
import { listForecasts, requestForecast } from "@/lib/data/forecasts";
import { otherMethods } from "@/lib/api/method-not-allowed";

/**
 * POST /api/v1/campaigns/{id}/forecasts [{seeds?, alphas?}] -> 202 {id, isExisting}
 * (organizers). The forecast runs in the background: poll GET /api/v1/forecasts/{id}.
 */
export const POST = authedRoute<{ campaignId: string }>(async ({ req, db, actor, params }) => {
  const body = await readJson(req, { optional: true });
  if (!body.ok) return toResponse(body);
  const result = await requestForecast(db, actor, params.campaignId, {
    trigger: "manual",
    input: body.value,
  });
  return toResponse(result, 202);
});

/** GET /api/v1/campaigns/{id}/forecasts -> {forecasts: [...]} newest first, without results (members). */
export const GET = authedRoute<{ campaignId: string }>(async ({ db, actor, params }) => {
  const result = await listForecasts(db, actor, params.campaignId);
  return result.ok ? Response.json({ forecasts: result.value }) : toResponse(result);
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");

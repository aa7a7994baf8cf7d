import { authedRoute, readJson, toResponse } from "@/lib/api/respond";
import { previewSteerDesign } from "@/lib/data/steer-campaigns";
import { otherMethods } from "@/lib/api/method-not-allowed";

/**
 * POST /api/v1/collectives/{id}/steer-preview {datasetId | sample, data, learner?, campaign, populationSize?}
 * -> {baseFit, target, critical, rows}: the steering designer's preview before the campaign exists.
 */
export const POST = authedRoute<{ id: string }>(async ({ req, db, actor, params }) => {
  const body = await readJson(req);
  if (!body.ok) return toResponse(body);
  return toResponse(await previewSteerDesign(db, actor, params.id, body.value));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");

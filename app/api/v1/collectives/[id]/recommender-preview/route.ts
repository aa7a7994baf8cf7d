import { authedRoute, readJson, toResponse } from "@/lib/api/respond";
import { previewRecommenderDesign } from "@/lib/data/recommender-campaigns";
import { otherMethods } from "@/lib/api/method-not-allowed";

/**
 * POST /api/v1/collectives/{id}/recommender-preview {datasetId | sample, sampleSize?, data?,
 * target, learner?, populationSize?} -> {strategies, advice}: every insertion strategy
 * forecast quickly on the sample, so the designer can explain the choice (organizers only).
 */
export const POST = authedRoute<{ id: string }>(async ({ req, db, actor, params }) => {
  const body = await readJson(req);
  if (!body.ok) return toResponse(body);
  return toResponse(await previewRecommenderDesign(db, actor, params.id, body.value));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");

import { authedRoute, toResponse } from "@/lib/api/respond";
import { getForecast } from "@/lib/data/forecasts";
import { otherMethods } from "@/lib/api/method-not-allowed";

/**
 * GET /api/v1/forecasts/{id} -> {id, status, progress, result, membersNeeded, snapshot, ...}
 * with `result` in the engine's SimulationResult shape plus `stress` (members of the collective).
 */
export const GET = authedRoute<{ forecastId: string }>(async ({ db, actor, params }) => {
  return toResponse(await getForecast(db, actor, params.forecastId));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");

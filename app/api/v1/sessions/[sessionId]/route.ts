import { authedRoute, toResponse } from "@/lib/api/respond";
import { getSessionView } from "@/lib/data/sessions";
import { otherMethods } from "@/lib/api/method-not-allowed";

/** GET /api/v1/sessions/{id}: state, the caller's own votes, and results when allowed. */
export const GET = authedRoute<{ sessionId: string }>(async ({ db, actor, params }) => {
  const result = await getSessionView(db, actor, params.sessionId);
  if (!result.ok) return toResponse(result);
  // Live views poll this; never let a cache serve one person's view to another.
  return Response.json(result.value, { headers: { "Cache-Control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");

import { authedRoute, readJson, toResponse } from "@/lib/api/respond";
import { respondToProposal } from "@/lib/data/session-participation";
import { otherMethods } from "@/lib/api/method-not-allowed";

/** POST /api/v1/sessions/{id}/responses {position, reason?} -> {position, reason} */
export const POST = authedRoute<{ sessionId: string }>(async ({ req, db, actor, params }) => {
  const body = await readJson(req);
  if (!body.ok) return toResponse(body);
  return toResponse(await respondToProposal(db, actor, params.sessionId, body.value), 200);
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");

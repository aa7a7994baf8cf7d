import { authedRoute, toResponse } from "@/lib/api/respond";
import { changeSessionPhase } from "@/lib/data/sessions";
import { otherMethods } from "@/lib/api/method-not-allowed";

/** POST /api/v1/sessions/{id}/open (facilitators and organizers) -> {phase} */
export const POST = authedRoute<{ sessionId: string }>(async ({ db, actor, params }) =>
  toResponse(await changeSessionPhase(db, actor, params.sessionId, "open")),
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");

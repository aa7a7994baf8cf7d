import { authedRoute, toResponse } from "@/lib/api/respond";
import { acceptInvite } from "@/lib/data/invites";
import { otherMethods } from "@/lib/api/method-not-allowed";

/** POST /api/v1/invites/{token}/accept -> 200 {collectiveId, role}; expired, revoked or used up -> 410 */
export const POST = authedRoute<{ token: string }>(async ({ db, actor, params }) =>
  toResponse(await acceptInvite(db, actor, params.token)),
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");

import { authedRoute, toResponse } from "@/lib/api/respond";
import { revokeInvite } from "@/lib/data/invites";
import { otherMethods } from "@/lib/api/method-not-allowed";

/** DELETE /api/v1/collectives/{id}/invites/{inviteId} -> 204 (organizers) */
export const DELETE = authedRoute<{ id: string; inviteId: string }>(
  async ({ db, actor, params }) => {
    const result = await revokeInvite(db, actor, params.id, params.inviteId);
    return result.ok ? new Response(null, { status: 204 }) : toResponse(result);
  },
);

export const { GET, POST, PUT, PATCH, OPTIONS } = otherMethods("DELETE");

import { authedRoute, readJson, toResponse } from "@/lib/api/respond";
import { changeMemberRole, removeMember } from "@/lib/data/members";
import { otherMethods } from "@/lib/api/method-not-allowed";

/** PATCH /api/v1/collectives/{id}/members/{userId} {role} -> {id, handle, role} */
export const PATCH = authedRoute<{ id: string; userId: string }>(
  async ({ req, db, actor, params }) => {
    const body = await readJson(req);
    if (!body.ok) return toResponse(body);
    return toResponse(await changeMemberRole(db, actor, params.id, params.userId, body.value));
  },
);

/** DELETE the same path: organizers remove someone; anyone may remove themselves. -> 204 */
export const DELETE = authedRoute<{ id: string; userId: string }>(async ({ db, actor, params }) => {
  const result = await removeMember(db, actor, params.id, params.userId);
  return result.ok ? new Response(null, { status: 204 }) : toResponse(result);
});

export const { GET, POST, PUT, OPTIONS } = otherMethods("PATCH", "DELETE");

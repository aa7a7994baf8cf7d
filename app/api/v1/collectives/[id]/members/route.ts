import { authedRoute, toResponse } from "@/lib/api/respond";
import { getMembers } from "@/lib/data/members";
import { otherMethods } from "@/lib/api/method-not-allowed";

/** GET /api/v1/collectives/{id}/members -> {count, members?: [{id, handle, role}]} */
export const GET = authedRoute<{ id: string }>(async ({ db, actor, params }) =>
  toResponse(await getMembers(db, actor, params.id)),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");

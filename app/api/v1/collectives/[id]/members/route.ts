import { authedRoute, toResponse } from "@/lib/api/respond";
import { getMembers } from "@/lib/data/members";
import { otherMethods } from "@/lib/api/method-not-allowed";

/**
 * GET /api/v1/collectives/{id}/members?after=&limit= -> {count, members?: [{id?, handle, role}],
 * nextAfter?}: one page in handle order (100 by default, at most 500).
 */
export const GET = authedRoute<{ id: string }>(async ({ req, db, actor, params }) => {
  const query = Object.fromEntries(new URL(req.url).searchParams);
  return toResponse(await getMembers(db, actor, params.id, query));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");

import { authedRoute, toResponse } from "@/lib/api/respond";
import { getCollective } from "@/lib/data/collectives";
import { otherMethods } from "@/lib/api/method-not-allowed";

/** GET /api/v1/collectives/{id} -> {id, name, description, platform, memberCount, role} */
export const GET = authedRoute<{ id: string }>(async ({ db, actor, params }) =>
  toResponse(await getCollective(db, actor, params.id)),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");

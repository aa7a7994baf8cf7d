import { authedRoute, readJson, toResponse } from "@/lib/api/respond";
import { createCollective } from "@/lib/data/collectives";
import { otherMethods } from "@/lib/api/method-not-allowed";

/** POST /api/v1/collectives {name, description?, platform?} -> 201 {id, name, role} */
export const POST = authedRoute(async ({ req, db, actor }) => {
  const body = await readJson(req);
  if (!body.ok) return toResponse(body);
  return toResponse(await createCollective(db, actor, body.value), 201);
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");

import { publicRoute, readJson, toResponse } from "@/lib/api/respond";
import { signUp } from "@/lib/data/accounts";
import { otherMethods } from "@/lib/api/method-not-allowed";

/** POST /api/v1/users {handle, password, email?} -> 201 {id, handle} */
export const POST = publicRoute(async ({ req, db }) => {
  const body = await readJson(req);
  if (!body.ok) return toResponse(body);
  return toResponse(await signUp(db, body.value), 201);
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");

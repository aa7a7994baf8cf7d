import { authedRoute, readJson, toResponse } from "@/lib/api/respond";
import { deleteMyAccount } from "@/lib/data/account-deletion";
import { getMe } from "@/lib/data/accounts";
import { otherMethods } from "@/lib/api/method-not-allowed";

/** GET /api/v1/me -> {id, handle, collectives: [{id, name, role}]} */
export const GET = authedRoute(async ({ db, actor }) => Response.json(await getMe(db, actor)));

/**
 * DELETE /api/v1/me {password} -> 204. Wrong password -> 403; last organizer of a
 * collective -> 409 naming it. Every session and token of the account stops working.
 */
export const DELETE = authedRoute(async ({ req, db, actor }) => {
  const body = await readJson(req);
  if (!body.ok) return toResponse(body);
  const result = await deleteMyAccount(db, actor, body.value);
  return result.ok ? new Response(null, { status: 204 }) : toResponse(result);
});

export const { POST, PUT, PATCH, OPTIONS } = otherMethods("GET", "DELETE");

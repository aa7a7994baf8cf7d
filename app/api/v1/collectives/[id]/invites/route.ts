import { requestOrigin } from "@/lib/api/request-origin";
import { authedRoute, readJson, toResponse } from "@/lib/api/respond";
import { createInvite, getInvites } from "@/lib/data/invites";
import { otherMethods } from "@/lib/api/method-not-allowed";

/** POST /api/v1/collectives/{id}/invites {role, expiresInHours?, maxUses?} -> 201 {id, token, url} */
export const POST = authedRoute<{ id: string }>(async ({ req, db, actor, params }) => {
  const body = await readJson(req, { optional: true });
  if (!body.ok) return toResponse(body);
  const result = await createInvite(
    db,
    actor,
    params.id,
    body.value,
    requestOrigin(req.headers, req.url).origin,
  );
  if (!result.ok) return toResponse(result);
  const { id, token, url } = result.value;
  return Response.json({ id, token, url }, { status: 201 });
});

/** GET /api/v1/collectives/{id}/invites -> {invites: [...]} (organizers; tokens are never shown again) */
export const GET = authedRoute<{ id: string }>(async ({ db, actor, params }) => {
  const result = await getInvites(db, actor, params.id);
  return result.ok ? Response.json({ invites: result.value }) : toResponse(result);
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");

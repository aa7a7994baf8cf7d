import { authedRoute, readJson, toResponse } from "@/lib/api/respond";
import { createSession, getSessions } from "@/lib/data/sessions";
import { otherMethods } from "@/lib/api/method-not-allowed";

/** POST /api/v1/collectives/{id}/sessions {title, format, prompt, options?, seedStatements?, dots?, moderated?, closesAt?} -> 201 {id} */
export const POST = authedRoute<{ id: string }>(async ({ req, db, actor, params }) => {
  const body = await readJson(req);
  if (!body.ok) return toResponse(body);
  return toResponse(await createSession(db, actor, params.id, body.value), 201);
});

/** GET /api/v1/collectives/{id}/sessions -> {sessions: [...]} */
export const GET = authedRoute<{ id: string }>(async ({ db, actor, params }) => {
  const result = await getSessions(db, actor, params.id);
  return result.ok ? Response.json({ sessions: result.value }) : toResponse(result);
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");

import { errorResponse, publicRoute, readJson, toResponse } from "@/lib/api/respond";
import { getRequestActor } from "@/lib/auth/session";
import { authenticate, createApiToken, listMyApiTokens } from "@/lib/data/accounts";
import { signInClient } from "@/lib/data/throttle";
import { fail } from "@/lib/errors";
import { createTokenSchema } from "@/lib/validation/accounts";
import { parseInput } from "@/lib/validation/parse";
import { otherMethods } from "@/lib/api/method-not-allowed";

/**
 * POST /api/v1/tokens {name, handle?, password?} -> 201 {id, name, token}.
 * Authenticated by handle + password in the body (throttled like sign-in), or a session.
 */
export const POST = publicRoute(async ({ req, db }) => {
  const body = await readJson(req);
  if (!body.ok) return toResponse(body);
  const input = parseInput(createTokenSchema, body.value);
  if (!input.ok) return toResponse(input);
  const { handle, password, name } = input.value;
  let actor;
  if (handle !== undefined || password !== undefined) {
    const auth = await authenticate(db, { handle, password }, signInClient(req.headers));
    if (!auth.ok) return toResponse(auth);
    actor = auth.value;
  } else {
    actor = await getRequestActor(req);
  }
  if (!actor) return errorResponse(fail("unauthenticated", "Send handle and password, or sign in"));
  return toResponse(await createApiToken(db, actor, name), 201);
});

/** GET /api/v1/tokens -> {tokens: [{id, name, createdAt, lastUsedAt}]} (never the tokens themselves). */
export const GET = publicRoute(async ({ req, db }) => {
  const actor = await getRequestActor(req);
  if (!actor) return errorResponse(fail("unauthenticated", "Sign in or send an API token"));
  return Response.json({ tokens: await listMyApiTokens(db, actor) });
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");

import "server-only";
import crypto from "node:crypto";
import { getDb, type Db } from "@/db";
import { getRequestActor } from "@/lib/auth/session";
import { describeError } from "@/lib/logging";
import type { Actor } from "@/lib/data/accounts";
import { fail, httpStatus, type Failure, type Result } from "@/lib/errors";
import { readBodyText } from "./read-body";
import { isCrossSiteCookieWrite } from "./request-origin";

/** The API's one error shape: `{ error: { code, message, fields? } }`. */
export function errorResponse(failure: Failure): Response {
  const headers: Record<string, string> = {};
  if (failure.retryAfter) headers["Retry-After"] = String(failure.retryAfter);
  const body = {
    error: {
      code: failure.code,
      message: failure.message,
      ...(failure.fields ? { fields: failure.fields } : {}),
    },
  };
  return Response.json(body, { status: httpStatus[failure.code], headers });
}

export function toResponse<T>(result: Result<T>, status = 200): Response {
  return result.ok ? Response.json(result.value, { status }) : errorResponse(result);
}

const MAX_JSON_BYTES = 1_000_000;

/** Reads a JSON body; bad JSON or an oversized body is the caller's mistake (4xx), not ours. */
export async function readJson(req: Request, { optional = false } = {}): Promise<Result<unknown>> {
  const text = await readBodyText(req, MAX_JSON_BYTES);
  if (!text.ok) return text;
  if (!text.value.trim())
    return optional ? { ok: true, value: {} } : fail("validation", "The request body must be JSON");
  try {
    return { ok: true, value: JSON.parse(text.value) };
  } catch {
    // Also a body nested so deep that the parser runs out of stack.
    return fail("validation", "The request body is not valid JSON");
  }
}

interface RouteContext<P> {
  req: Request;
  params: P;
  db: Db;
  actor: Actor;
}

type NextRouteHandler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;

/**
 * Wraps an /api/v1 handler: resolves who is asking (Bearer token or session cookie),
 * answers 401 when nobody is, and turns unexpected errors into a logged 500 with a
 * request id instead of a stack trace.
 */
export function authedRoute<P = Record<string, never>>(
  fn: (c: RouteContext<P>) => Promise<Response>,
): NextRouteHandler<P> {
  return publicRoute<P>(async ({ req, params, db }) => {
    const actor = await getRequestActor(req);
    if (!actor) return errorResponse(fail("unauthenticated", "Sign in or send an API token"));
    return fn({ req, params, db, actor });
  });
}

/**
 * Wraps every /api/v1 handler, signed in or not. A write that relies on the session cookie
 * and comes from another site is refused here, for every route (sign-up and token creation
 * included), on top of the cookie's SameSite=Lax.
 */
export function publicRoute<P = Record<string, never>>(
  fn: (c: Omit<RouteContext<P>, "actor">) => Promise<Response>,
): NextRouteHandler<P> {
  return async (req, ctx) => {
    try {
      if (isCrossSiteCookieWrite(req)) {
        return errorResponse(
          fail(
            "forbidden",
            "Cross-site requests with a session cookie are refused; use an API token",
          ),
        );
      }
      const params = await ctx.params;
      return await fn({ req, params, db: await getDb() });
    } catch (err) {
      const requestId = crypto.randomUUID();
      // Never the error itself: its message may hold query parameters (member content).
      console.error(
        `[api] ${req.method} ${new URL(req.url).pathname} failed (request ${requestId}): ${describeError(err)}`,
      );
      return Response.json(
        {
          error: {
            code: "internal",
            message: `Something went wrong on our side (request ${requestId})`,
          },
        },
        { status: 500 },
      );
    }
  };
}

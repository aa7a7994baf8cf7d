import "server-only";
import crypto from "node:crypto";
import { getDb, type Db } from "@/db";
import { getRequestActor } from "@/lib/auth/session";
import type { Actor } from "@/lib/data/accounts";
import { fail, httpStatus, type Failure, type Result } from "@/lib/errors";

/** The API's one error shape: `{ error: { code, message, fields? } }`. */
export function errorResponse(failure: Failure): Response {
  const headers: Record<string, string> = {};
  if (failure.retryAfter) headers["Retry-After"] = String(failure.retryAfter);
  const body = { error: { code: failure.code, message: failure.message, ...(failure.fields ? { fields: failure.fields } : {}) } };
  return Response.json(body, { status: httpStatus[failure.code], headers });
}

export function toResponse<T>(result: Result<T>, status = 200): Response {
  return result.ok ? Response.json(result.value, { status }) : errorResponse(result);
}

const MAX_JSON_BYTES = 1_000_000;

/** Reads a JSON body; bad JSON or an oversized body is the caller's mistake (4xx), not ours. */
export async function readJson(req: Request, { optional = false } = {}): Promise<Result<unknown>> {
  const length = Number(req.headers.get("content-length") ?? "0");
  if (length > MAX_JSON_BYTES) return fail("payload_too_large", "The request body is too large");
  const text = await req.text();
  if (text.length > MAX_JSON_BYTES) return fail("payload_too_large", "The request body is too large");
  if (!text.trim()) return optional ? { ok: true, value: {} } : fail("validation", "The request body must be JSON");
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return fail("validation", "The request body is not valid JSON");
  }
}

export interface RouteContext<P> {
  req: Request;
  params: P;
  db: Db;
  actor: Actor;
}

/**
 * A browser sends Origin with every cross-site write. A write that relies on the session
 * cookie (no bearer token) from another site is refused, on top of the cookie's SameSite=Lax.
 */
function isCrossSiteCookieWrite(req: Request): boolean {
  if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return false;
  if (req.headers.get("authorization") || !req.headers.get("cookie")) return false;
  const origin = req.headers.get("origin");
  if (!origin) return false;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? new URL(req.url).host;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
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
    if (isCrossSiteCookieWrite(req)) {
      return errorResponse(fail("forbidden", "Cross-site requests with a session cookie are refused; use an API token"));
    }
    const actor = await getRequestActor(req);
    if (!actor) return errorResponse(fail("unauthenticated", "Sign in or send an API token"));
    return fn({ req, params, db, actor });
  });
}

export function publicRoute<P = Record<string, never>>(
  fn: (c: Omit<RouteContext<P>, "actor">) => Promise<Response>,
): NextRouteHandler<P> {
  return async (req, ctx) => {
    try {
      const params = await ctx.params;
      return await fn({ req, params, db: await getDb() });
    } catch (err) {
      const requestId = crypto.randomUUID();
      console.error(`[api] ${req.method} ${new URL(req.url).pathname} failed (request ${requestId})`, err);
      return Response.json(
        { error: { code: "internal", message: `Something went wrong on our side (request ${requestId})` } },
        { status: 500 },
      );
    }
  };
}

/**
 * 405 in the API's error shape. For a method a route file does not export, Next answers 405
 * with an empty body; each `/api/v1` route instead exports the rest of the API's methods from
 * here, so a wrong method gets `{ error: { code, message } }` and an `Allow` header.
 *
 * In a route file: `export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");`
 */

import { httpStatus, type ErrorCode } from "@/lib/errors";

/** The methods the API uses; HEAD follows GET (Next implements it). */
export const API_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type ApiMethod = (typeof API_METHODS)[number];

type Handler = () => Response;

const refusals = new WeakSet<object>();

/** True for the 405 stand-ins otherMethods() exports (tests tell them from real handlers). */
export function isMethodRefusal(handler: unknown): boolean {
  return typeof handler === "function" && refusals.has(handler);
}

/** The `Allow` header value for a route serving `allowed` (with HEAD when GET, and OPTIONS). */
function allowHeader(allowed: readonly ApiMethod[]): string {
  const all = new Set<string>([...allowed, "OPTIONS"]);
  if (all.has("GET")) all.add("HEAD");
  return [...all].sort().join(", ");
}

/** The 405 answer for a route serving only `allowed`. */
function methodNotAllowed(allowed: readonly ApiMethod[]): Response {
  const code: ErrorCode = "method_not_allowed";
  return Response.json(
    { error: { code, message: `This endpoint answers ${allowed.join(", ")} only` } },
    { status: httpStatus[code], headers: { Allow: allowHeader(allowed) } },
  );
}

/**
 * Handlers for every API method a route does not serve (405 in the error shape), and an
 * OPTIONS that names only the methods it does serve (Next's own would list these too).
 */
export function otherMethods(...allowed: ApiMethod[]): Record<ApiMethod | "OPTIONS", Handler> {
  const refuse: Handler = () => methodNotAllowed(allowed);
  refusals.add(refuse);
  return {
    GET: refuse,
    POST: refuse,
    PUT: refuse,
    PATCH: refuse,
    DELETE: refuse,
    OPTIONS: () => new Response(null, { status: 204, headers: { Allow: allowHeader(allowed) } }),
  };
}

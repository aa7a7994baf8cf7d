import { authedRoute, toResponse } from "@/lib/api/respond";
import { getSessionViewJson } from "@/lib/data/sessions";
import { otherMethods } from "@/lib/api/method-not-allowed";

/**
 * GET /api/v1/sessions/{id}: state, the caller's own votes, and results when allowed.
 *
 * The ETag is the release version plus a hash of this caller's whole view, so it changes
 * with a new release and with anything personal (their own votes, their statements, their
 * role) as well. A poller sending it back in If-None-Match gets a bodiless 304 while nothing
 * it would see changed, and the body is never assembled. Reads never compute results: the
 * shared part (results, outcome) is kept serialised per release (getSessionViewJson).
 */
export const GET = authedRoute<{ sessionId: string }>(async ({ req, db, actor, params }) => {
  const result = await getSessionViewJson(db, actor, params.sessionId);
  if (!result.ok) return toResponse(result);
  const { etag, body } = result.value;
  // Live views poll this; never let a cache serve one person's view to another.
  const headers = { "Cache-Control": "no-store", ETag: etag };
  if (matchesETag(req.headers.get("if-none-match"), etag))
    return new Response(null, { status: 304, headers });
  return new Response(body(), { headers: { ...headers, "Content-Type": "application/json" } });
});

/** If-None-Match holds `*` or a list of tags (weak ones compare equal, as RFC 9110 says). */
function matchesETag(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header
    .split(",")
    .map((t) => t.trim().replace(/^W\//, ""))
    .some((t) => t === "*" || t === etag);
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");

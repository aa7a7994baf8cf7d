import { authedRoute, toResponse } from "@/lib/api/respond";
import { listAudit } from "@/lib/data/audit";
import { otherMethods } from "@/lib/api/method-not-allowed";

/** GET /api/v1/collectives/{id}/audit?limit=&before= -> {events, nextBefore} (organizers), newest first */
export const GET = authedRoute<{ id: string }>(async ({ req, db, actor, params }) => {
  const url = new URL(req.url);
  const limit = url.searchParams.get("limit");
  return toResponse(
    await listAudit(db, actor, params.id, {
      limit: limit ? Number(limit) : undefined,
      before: url.searchParams.get("before") ?? undefined,
    }),
  );
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");

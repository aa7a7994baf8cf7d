import { authedRoute, readJson, toResponse } from "@/lib/api/respond";
import { submitMyRecord, withdrawMyRecord } from "@/lib/data/campaign-records";
import { otherMethods } from "@/lib/api/method-not-allowed";

/** PUT /api/v1/campaigns/{id}/my-record {fields} -> {instruction} (the caller's own record only) */
export const PUT = authedRoute<{ campaignId: string }>(async ({ req, db, actor, params }) => {
  const body = await readJson(req);
  if (!body.ok) return toResponse(body);
  return toResponse(await submitMyRecord(db, actor, params.campaignId, body.value));
});

/** DELETE /api/v1/campaigns/{id}/my-record -> {unwind}; the record and instruction are deleted. */
export const DELETE = authedRoute<{ campaignId: string }>(async ({ db, actor, params }) =>
  toResponse(await withdrawMyRecord(db, actor, params.campaignId)),
);

export const { GET, POST, PATCH, OPTIONS } = otherMethods("PUT", "DELETE");

import { authedRoute, readJson, toResponse } from "@/lib/api/respond";
import { confirmMyRecord } from "@/lib/data/campaign-records";
import { otherMethods } from "@/lib/api/method-not-allowed";

/** POST /api/v1/campaigns/{id}/my-confirmation {fields} -> {ok, problems} */
export const POST = authedRoute<{ campaignId: string }>(async ({ req, db, actor, params }) => {
  const body = await readJson(req);
  if (!body.ok) return toResponse(body);
  return toResponse(await confirmMyRecord(db, actor, params.campaignId, body.value));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");

import { authedRoute, toResponse } from "@/lib/api/respond";
import { getMyInstruction } from "@/lib/data/campaign-records";
import { otherMethods } from "@/lib/api/method-not-allowed";

/** GET /api/v1/campaigns/{id}/my-instruction -> {instruction, fields, isConfirmed, unwind?} */
export const GET = authedRoute<{ campaignId: string }>(async ({ db, actor, params }) => {
  const result = await getMyInstruction(db, actor, params.campaignId);
  if (!result.ok) return toResponse(result);
  return Response.json(result.value, { headers: { "Cache-Control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");

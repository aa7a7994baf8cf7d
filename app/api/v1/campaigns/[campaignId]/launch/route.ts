import { z } from "zod";
import { authedRoute, readJson, toResponse } from "@/lib/api/respond";
import { changeCampaignStatus } from "@/lib/data/campaigns";
import { parseInput } from "@/lib/validation/parse";
import { otherMethods } from "@/lib/api/method-not-allowed";

const launchSchema = z.object({ sessionId: z.uuid("Unknown session").optional() });

/**
 * POST /api/v1/campaigns/{id}/launch {sessionId?} (organizers) -> {id, status}. `sessionId`
 * names the consent round that authorised the launch; it must have reached consent.
 */
export const POST = authedRoute<{ campaignId: string }>(async ({ req, db, actor, params }) => {
  const body = await readJson(req, { optional: true });
  if (!body.ok) return toResponse(body);
  const input = parseInput(launchSchema, body.value);
  if (!input.ok) return toResponse(input);
  return toResponse(
    await changeCampaignStatus(db, actor, params.campaignId, "launch", {
      authorisedBySessionId: input.value.sessionId,
    }),
  );
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");

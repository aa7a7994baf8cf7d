import "server-only";
import type { Db } from "@/db";
import { findCampaignForViewer } from "@/db/queries/campaigns";
import type { CampaignRow } from "@/db/schema";
import { notFound, ok, type Result } from "@/lib/errors";
import { canSeeCampaign, type Permission } from "@/lib/permissions";
import { uuidSchema } from "@/lib/validation/collectives";
import type { Actor } from "./accounts";
import { accessFromRole, type Access } from "./access";

/**
 * Loads a campaign and checks the actor's role in its collective: a campaign of a
 * collective the actor is not in is "not found", and so is a draft for anyone who may not
 * manage campaigns; a member without the permission gets 403.
 */
export async function loadCampaign(
  db: Db,
  actor: Actor,
  campaignId: string,
  permission: Permission = "campaigns:participate",
): Promise<Result<{ campaign: CampaignRow; access: Access }>> {
  if (!uuidSchema.safeParse(campaignId).success) return notFound("Campaign not found");
  // The campaign and the actor's role in its collective, in one query.
  const found = await findCampaignForViewer(db, { campaignId, userId: actor.userId });
  if (!found) return notFound("Campaign not found");
  const { campaign } = found;
  // Visibility before permission: a draft does not exist for those who may not manage it,
  // so even a 403 would confirm its id. Applied at load, so no route can forget it.
  const membership = accessFromRole(campaign.collectiveId, found.role, "collective:view");
  if (!membership.ok) return membership;
  if (!canSeeCampaign(membership.value.role, campaign.status))
    return notFound("Campaign not found");
  const access = accessFromRole(campaign.collectiveId, found.role, permission);
  if (!access.ok) return access;
  return ok({ campaign, access: access.value });
}

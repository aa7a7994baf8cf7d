import "server-only";
import type { Db } from "@/db";
import { findCampaign } from "@/db/queries/campaigns";
import type { CampaignRow } from "@/db/schema";
import { notFound, ok, type Result } from "@/lib/errors";
import { canSeeCampaign, type Permission } from "@/lib/permissions";
import { uuidSchema } from "@/lib/validation/collectives";
import type { Actor } from "./accounts";
import { requireAccess, type Access } from "./access";

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
  const campaign = await findCampaign(db, { campaignId });
  if (!campaign) return notFound("Campaign not found");
  // Visibility before permission: a draft does not exist for those who may not manage it,
  // so even a 403 would confirm its id. Applied at load, so no route can forget it.
  const membership = await requireAccess(db, actor, campaign.collectiveId, "collective:view");
  if (!membership.ok) return membership;
  if (!canSeeCampaign(membership.value.role, campaign.status))
    return notFound("Campaign not found");
  const access = await requireAccess(db, actor, campaign.collectiveId, permission);
  if (!access.ok) return access;
  return ok({ campaign, access: access.value });
}

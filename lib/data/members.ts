import "server-only";
import type { Db } from "@/db";
import {
  countMembers,
  countOrganizers,
  deleteMembership,
  findMembership,
  listMembers,
  lockCollectiveRoster,
  updateMembershipRole,
} from "@/db/queries/collectives";
import { deleteRecordsOfUser } from "@/db/queries/campaign-records";
import { anonymiseBallots } from "@/db/queries/sessions";
import { fail, notFound, ok, type Result } from "@/lib/errors";
import { can, type Role } from "@/lib/permissions";
import { isShown } from "@/lib/privacy";
import { changeRoleSchema, uuidSchema } from "@/lib/validation/collectives";
import { parseInput } from "@/lib/validation/parse";
import type { Actor } from "./accounts";
import { requireAccess } from "./access";
import { recordAudit } from "./audit";
import { scheduleAutoForecast } from "./forecasts";

interface MemberDto {
  /** Only for those who manage the roster. */
  id?: string;
  handle: string;
  role: Role;
}

interface MembersDto {
  count: number;
  /** Absent when the viewer may only see the count. */
  members?: MemberDto[];
}

/**
 * Organizers see the roster (they manage it). Others see only the count until the
 * collective has at least MIN_GROUP_SIZE members (lib/privacy.ts), and then handles, never emails.
 */
export async function getMembers(
  db: Db,
  actor: Actor,
  collectiveId: string,
): Promise<Result<MembersDto>> {
  const access = await requireAccess(db, actor, collectiveId, "members:count");
  if (!access.ok) return access;
  const count = await countMembers(db, { collectiveId });
  const mayList = can(access.value.role, "members:manage") || isShown(count);
  if (!mayList) return ok({ count });
  const rows = await listMembers(db, { collectiveId });
  if (!can(access.value.role, "members:manage")) {
    return ok({ count, members: rows.map((r) => ({ handle: r.handle, role: r.role })) });
  }
  return ok({ count, members: rows.map((r) => ({ id: r.id, handle: r.handle, role: r.role })) });
}

/** Organizers change a member's role; the last organizer cannot be demoted. */
export async function changeMemberRole(
  db: Db,
  actor: Actor,
  collectiveId: string,
  userId: string,
  input: unknown,
): Promise<Result<MemberDto>> {
  const access = await requireAccess(db, actor, collectiveId, "members:manage");
  if (!access.ok) return access;
  const parsed = parseInput(changeRoleSchema, input);
  if (!parsed.ok) return parsed;
  if (!uuidSchema.safeParse(userId).success) return notFound("Member not found");
  const role = parsed.value.role;
  const result = await db.transaction(async (tx) => {
    await lockCollectiveRoster(tx, { collectiveId });
    const current = await findMembership(tx, { collectiveId, userId });
    if (!current) return notFound("Member not found");
    if (current.role === "organizer" && role !== "organizer") {
      if ((await countOrganizers(tx, { collectiveId })) <= 1) {
        return fail(
          "conflict",
          "A collective needs at least one organizer: promote someone else first",
        );
      }
    }
    await updateMembershipRole(tx, { collectiveId, userId, role });
    return ok({ from: current.role });
  });
  if (!result.ok) return result;
  await recordAudit(db, actor, collectiveId, "member.role_changed", {
    userId,
    from: result.value.from,
    to: role,
  });
  const members = await listMembers(db, { collectiveId });
  const member = members.find((m) => m.id === userId);
  return member
    ? ok({ id: member.id, handle: member.handle, role: member.role })
    : notFound("Member not found");
}

/**
 * Removes someone: organizers may remove anyone, anyone may remove themselves (leave).
 * The last organizer can neither leave nor be removed. Their records are shredded and their
 * ballots in the collective's sessions anonymised.
 */
export async function removeMember(
  db: Db,
  actor: Actor,
  collectiveId: string,
  userId: string,
): Promise<Result<{ id: string }>> {
  const isSelf = userId === actor.userId;
  const access = await requireAccess(
    db,
    actor,
    collectiveId,
    isSelf ? "collective:view" : "members:manage",
  );
  if (!access.ok) return access;
  if (!uuidSchema.safeParse(userId).success) return notFound("Member not found");
  const result = await db.transaction(async (tx) => {
    await lockCollectiveRoster(tx, { collectiveId });
    const current = await findMembership(tx, { collectiveId, userId });
    if (!current) return notFound("Member not found");
    if (current.role === "organizer" && (await countOrganizers(tx, { collectiveId })) <= 1) {
      return fail("conflict", "The last organizer cannot leave: make someone else organizer first");
    }
    await deleteMembership(tx, { collectiveId, userId });
    // Their campaign records must not outlive their membership (nor keep counting as active):
    // shredded. Their ballots stay in the tallies, under an anonymous voter id.
    const campaignIds = await deleteRecordsOfUser(tx, { collectiveId, userId });
    await anonymiseBallots(tx, { userId, collectiveId });
    return ok({ id: userId, campaignIds });
  });
  if (result.ok)
    for (const campaignId of result.value.campaignIds) await scheduleAutoForecast(db, campaignId);
  // Leaving is a member action and is not logged against the person.
  if (result.ok && !isSelf)
    await recordAudit(db, actor, collectiveId, "member.removed", { userId });
  return result.ok ? ok({ id: userId }) : result;
}

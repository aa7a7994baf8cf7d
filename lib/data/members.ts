import "server-only";
import { memberCount } from "./member-count";
import { z } from "zod";
import type { Db } from "@/db";
import {
  countOrganizers,
  deleteMembership,
  findMembership,
  findMember,
  listMembers,
  lockCollectiveRoster,
  updateMembershipRole,
} from "@/db/queries/collectives";
import { deleteRecordsOfUser } from "@/db/queries/campaign-records";
import { anonymiseBallots } from "@/db/queries/session-personal-data";
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
  /** Absent when the viewer may only see the count. One page, in handle order. */
  members?: MemberDto[];
  /** Pass as `after` for the next page; null on the last page (absent with no list). */
  nextAfter?: string | null;
}

/** Members listed per page: a collective of 100,000 is never sent whole. */
const MEMBERS_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 500;

const membersPageSchema = z.object({
  after: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(MEMBERS_PAGE_SIZE),
});

/**
 * Organizers see the roster (they manage it). Others see only the count until the
 * collective has at least MIN_GROUP_SIZE members (lib/privacy.ts), and then handles, never emails.
 */
export async function getMembers(
  db: Db,
  actor: Actor,
  collectiveId: string,
  page: unknown = {},
): Promise<Result<MembersDto>> {
  const access = await requireAccess(db, actor, collectiveId, "members:count");
  if (!access.ok) return access;
  const parsed = parseInput(membersPageSchema, page);
  if (!parsed.ok) return parsed;
  const count = await memberCount(db, collectiveId);
  const mayList = can(access.value.role, "members:manage") || isShown(count);
  if (!mayList) return ok({ count });
  const { after, limit } = parsed.value;
  // One extra row says whether another page follows.
  const rows = await listMembers(db, {
    collectiveId,
    limit: limit + 1,
    ...(after ? { after: after.toLowerCase() } : {}),
  });
  const pageRows = rows.slice(0, limit);
  const nextAfter = rows.length > limit ? (pageRows.at(-1)?.handleKey ?? null) : null;
  const isManager = can(access.value.role, "members:manage");
  const members = pageRows.map((r) =>
    isManager ? { id: r.id, handle: r.handle, role: r.role } : { handle: r.handle, role: r.role },
  );
  return ok({ count, members, nextAfter });
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
  const member = await findMember(db, { collectiveId, userId });
  return member ? ok(member) : notFound("Member not found");
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

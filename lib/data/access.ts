import "server-only";
import type { Db } from "@/db";
import { findMembership } from "@/db/queries/collectives";
import { fail, notFound, ok, type Result } from "@/lib/errors";
import { can, type Permission, type Role } from "@/lib/permissions";
import { uuidSchema } from "@/lib/validation/collectives";
import type { Actor } from "./accounts";

export interface Access {
  collectiveId: string;
  role: Role;
}

/**
 * The gate in front of everything inside a collective: a non-member (or a malformed id)
 * gets 404 so nothing tells whether the collective exists; a member without the
 * permission gets 403.
 */
export async function requireAccess(
  db: Db,
  actor: Actor,
  collectiveId: string,
  permission: Permission = "collective:view",
): Promise<Result<Access>> {
  if (!uuidSchema.safeParse(collectiveId).success) return notFound("Collective not found");
  const membership = await findMembership(db, { collectiveId, userId: actor.userId });
  return accessFromRole(collectiveId, membership?.role ?? null, permission);
}

/**
 * The same gate for a role the caller already read (null: not a member), for loaders that
 * fetch the membership together with what it guards, in one query.
 */
export function accessFromRole(
  collectiveId: string,
  role: Role | null,
  permission: Permission,
): Result<Access> {
  if (!role) return notFound("Collective not found");
  if (!can(role, permission)) {
    return fail("forbidden", "Your role in this collective does not allow this");
  }
  return ok({ collectiveId, role });
}

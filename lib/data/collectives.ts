import "server-only";
import { memberCount as countForDisplay } from "./member-count";
import type { Db } from "@/db";
import { findCollective, insertCollectiveWithOrganizer } from "@/db/queries/collectives";
import { notFound, ok, type Result } from "@/lib/errors";
import type { Role } from "@/lib/permissions";
import { createCollectiveSchema } from "@/lib/validation/collectives";
import { parseInput } from "@/lib/validation/parse";
import type { Actor } from "./accounts";
import { requireAccess } from "./access";

export interface CollectiveDto {
  id: string;
  name: string;
  description: string;
  platform: string;
  memberCount: number;
  role: Role;
}

/** Any signed-in user may create a collective and becomes its organizer. */
export async function createCollective(
  db: Db,
  actor: Actor,
  input: unknown,
): Promise<Result<{ id: string; name: string; role: Role }>> {
  const parsed = parseInput(createCollectiveSchema, input);
  if (!parsed.ok) return parsed;
  const row = await insertCollectiveWithOrganizer(db, {
    ...parsed.value,
    organizerId: actor.userId,
  });
  return ok({ id: row.id, name: row.name, role: "organizer" });
}

/** What a member sees of the collective; non-members get 404. */
export async function getCollective(
  db: Db,
  actor: Actor,
  collectiveId: string,
): Promise<Result<CollectiveDto>> {
  const access = await requireAccess(db, actor, collectiveId);
  if (!access.ok) return access;
  const row = await findCollective(db, { collectiveId });
  if (!row) return notFound("Collective not found");
  return ok({
    id: row.id,
    name: row.name,
    description: row.description,
    platform: row.platform,
    memberCount: await countForDisplay(db, collectiveId),
    role: access.value.role,
  });
}

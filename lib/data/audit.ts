import "server-only";
import type { Db } from "@/db";
import { insertAuditEvent, listAuditEvents } from "@/db/queries/collectives";
import { ok, type Result } from "@/lib/errors";
import { auditPageSchema } from "@/lib/validation/audit";
import { parseInput } from "@/lib/validation/parse";
import type { Actor } from "./accounts";
import { requireAccess } from "./access";

type Details = Record<string, string | number | boolean | null>;

/** Appends an organizer or facilitator action to the collective's log. Never for member actions. */
export async function recordAudit(
  db: Db,
  actor: Actor,
  collectiveId: string,
  action: string,
  details: Details = {},
) {
  await insertAuditEvent(db, { collectiveId, actorId: actor.userId, action, details });
}

interface AuditEventDto {
  id: string;
  action: string;
  actor: string | null;
  details: Details;
  at: string;
}

/** The audit log, newest first; `before` (an ISO time) pages further back. Organizers only. */
export async function listAudit(
  db: Db,
  actor: Actor,
  collectiveId: string,
  page: { limit?: number; before?: string } = {},
): Promise<Result<{ events: AuditEventDto[]; nextBefore: string | null }>> {
  const access = await requireAccess(db, actor, collectiveId, "audit:view");
  if (!access.ok) return access;
  const limit = Math.min(Math.max(Math.trunc(page.limit ?? 50) || 50, 1), 200);
  const parsed = parseInput(auditPageSchema, { before: page.before || undefined });
  if (!parsed.ok) return parsed;
  const { before } = parsed.value;
  const rows = await listAuditEvents(db, { collectiveId, limit, before });
  const events = rows.map((r) => ({
    id: r.id,
    action: r.action,
    actor: r.actorHandle,
    details: r.details,
    at: r.createdAt.toISOString(),
  }));
  const last = events.at(-1);
  return ok({ events, nextBefore: events.length === limit && last ? last.at : null });
}

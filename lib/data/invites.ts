import "server-only";
import { TransactionRollbackError } from "drizzle-orm";
import type { Db } from "@/db";
import { insertMembership, findMembership } from "@/db/queries/collectives";
import {
  consumeInviteUse,
  findInviteByTokenHash,
  insertInvite,
  listInvites,
  revokeInvite as revokeInviteRow,
} from "@/db/queries/invites";
import { hashToken, newSecretToken } from "@/lib/auth/secret-token";
import { fail, notFound, ok, type Result } from "@/lib/errors";
import type { Role } from "@/lib/permissions";
import { createInviteSchema, uuidSchema } from "@/lib/validation/collectives";
import { parseInput } from "@/lib/validation/parse";
import type { Actor } from "./accounts";
import { requireAccess } from "./access";
import { recordAudit } from "./audit";

type InviteStatus = "active" | "expired" | "revoked" | "used_up";

interface InviteDto {
  id: string;
  role: Role;
  expiresAt: string;
  maxUses: number;
  uses: number;
  status: InviteStatus;
}

function statusOf(
  i: { revokedAt: Date | null; expiresAt: Date; uses: number; maxUses: number },
  now: Date,
) {
  if (i.revokedAt) return "revoked";
  if (i.expiresAt <= now) return "expired";
  if (i.uses >= i.maxUses) return "used_up";
  return "active";
}

/** `url` is relative to the app's origin unless a base is given. */
function inviteUrl(token: string, base = ""): string {
  return `${base.replace(/\/$/, "")}/join/${token}`;
}

/** Organizers create invite links; the token appears only in this response. */
export async function createInvite(
  db: Db,
  actor: Actor,
  collectiveId: string,
  input: unknown,
  baseUrl = "",
): Promise<Result<{ id: string; token: string; url: string; invite: InviteDto }>> {
  const access = await requireAccess(db, actor, collectiveId, "invites:manage");
  if (!access.ok) return access;
  const parsed = parseInput(createInviteSchema, input ?? {});
  if (!parsed.ok) return parsed;
  const token = newSecretToken("inv_");
  const expiresAt = new Date(Date.now() + parsed.value.expiresInHours * 3_600_000);
  const row = await insertInvite(db, {
    collectiveId,
    tokenHash: hashToken(token),
    role: parsed.value.role,
    expiresAt,
    maxUses: parsed.value.maxUses,
    createdBy: actor.userId,
  });
  await recordAudit(db, actor, collectiveId, "invite.created", {
    inviteId: row.id,
    role: row.role,
    maxUses: row.maxUses,
    expiresAt: expiresAt.toISOString(),
  });
  return ok({ id: row.id, token, url: inviteUrl(token, baseUrl), invite: toDto(row, new Date()) });
}

function toDto(
  r: {
    id: string;
    role: Role;
    expiresAt: Date;
    maxUses: number;
    uses: number;
    revokedAt: Date | null;
  },
  now: Date,
): InviteDto {
  return {
    id: r.id,
    role: r.role,
    expiresAt: r.expiresAt.toISOString(),
    maxUses: r.maxUses,
    uses: r.uses,
    status: statusOf(r, now),
  };
}

export async function getInvites(
  db: Db,
  actor: Actor,
  collectiveId: string,
): Promise<Result<InviteDto[]>> {
  const access = await requireAccess(db, actor, collectiveId, "invites:manage");
  if (!access.ok) return access;
  const now = new Date();
  return ok((await listInvites(db, { collectiveId })).map((r) => toDto(r, now)));
}

export async function revokeInvite(
  db: Db,
  actor: Actor,
  collectiveId: string,
  inviteId: string,
): Promise<Result<{ id: string }>> {
  const access = await requireAccess(db, actor, collectiveId, "invites:manage");
  if (!access.ok) return access;
  if (!uuidSchema.safeParse(inviteId).success) return notFound("Invite not found");
  if (!(await revokeInviteRow(db, { collectiveId, inviteId }))) return notFound("Invite not found");
  await recordAudit(db, actor, collectiveId, "invite.revoked", { inviteId });
  return ok({ id: inviteId });
}

interface InvitePreview {
  collectiveName: string;
  role: Role;
  status: InviteStatus;
}

/** What the invite landing page shows to whoever holds the link (signed in or not). */
export async function previewInvite(db: Db, token: string): Promise<Result<InvitePreview>> {
  const invite = await findInviteByTokenHash(db, hashToken(token));
  if (!invite) return notFound("This invite link is not valid");
  return ok({
    collectiveName: invite.collectiveName,
    role: invite.role,
    status: statusOf(invite, new Date()),
  });
}

const goneMessages: Record<Exclude<InviteStatus, "active">, string> = {
  expired: "This invite has expired. Ask an organizer for a new link.",
  revoked: "This invite was revoked. Ask an organizer for a new link.",
  used_up: "This invite has been used up. Ask an organizer for a new link.",
};

/** Joins the collective through a link; an existing member keeps their role and uses nothing. */
export async function acceptInvite(
  db: Db,
  actor: Actor,
  token: string,
): Promise<Result<{ collectiveId: string; role: Role }>> {
  const invite = await findInviteByTokenHash(db, hashToken(token));
  if (!invite) return notFound("This invite link is not valid");
  const existing = await findMembership(db, {
    collectiveId: invite.collectiveId,
    userId: actor.userId,
  });
  if (existing) return ok({ collectiveId: invite.collectiveId, role: existing.role });
  const status = statusOf(invite, new Date());
  if (status !== "active") return fail("gone", goneMessages[status]);
  const joined = await db
    .transaction(async (tx) => {
      if (!(await consumeInviteUse(tx, { inviteId: invite.id }))) return "gone" as const;
      const inserted = await insertMembership(tx, {
        collectiveId: invite.collectiveId,
        userId: actor.userId,
        role: invite.role,
      });
      // Joined concurrently through another request: undo the use we just took.
      if (!inserted) tx.rollback();
      return "joined" as const;
    })
    .catch((err: unknown) => {
      if (err instanceof TransactionRollbackError) return "already" as const;
      throw err;
    });
  if (joined === "gone")
    return fail("gone", "This invite is no longer valid. Ask an organizer for a new link.");
  const membership = await findMembership(db, {
    collectiveId: invite.collectiveId,
    userId: actor.userId,
  });
  return ok({ collectiveId: invite.collectiveId, role: membership?.role ?? invite.role });
}

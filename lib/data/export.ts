import "server-only";
import type { Db } from "@/db";
import { findOwnAccount, listApiTokens } from "@/db/queries/accounts";
import { listRecordsOfUser } from "@/db/queries/campaign-records";
import { listParticipationOfUser } from "@/db/queries/session-personal-data";
import { getMe, type Actor } from "./accounts";

/** Everything Concert holds about the actor, as JSON they can download. */
export async function exportMyData(db: Db, actor: Actor) {
  const me = await getMe(db, actor);
  const records = await listRecordsOfUser(db, { userId: actor.userId });
  const account = await findOwnAccount(db, { userId: actor.userId });
  const tokens = await listApiTokens(db, { userId: actor.userId });
  const sessions = await listParticipationOfUser(db, { userId: actor.userId });
  const voteName = (v: number) => (v > 0 ? "agree" : v < 0 ? "disagree" : "pass");
  return {
    exportedAt: new Date().toISOString(),
    account: {
      id: me.id,
      handle: me.handle,
      email: account?.email ?? null,
      createdAt: account?.createdAt.toISOString() ?? null,
    },
    apiTokens: tokens.map((t) => ({
      name: t.name,
      createdAt: t.createdAt.toISOString(),
      lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    })),
    collectives: me.collectives,
    sessions: {
      votes: sessions.votes.map((v) => ({
        session: v.session,
        statement: v.statement,
        vote: voteName(v.vote),
        at: v.at.toISOString(),
      })),
      statements: sessions.statements.map((x) => ({
        session: x.session,
        text: x.text,
        status: x.status,
        at: x.at.toISOString(),
      })),
      dotAllocations: sessions.allocations.map((a) => ({
        session: a.session,
        allocation: a.allocation,
        at: a.at.toISOString(),
      })),
      consentResponses: sessions.responses.map((r) => ({
        session: r.session,
        position: r.position,
        reason: r.reason,
        at: r.at.toISOString(),
      })),
    },
    campaignRecords: records.map((r) => ({
      campaignId: r.campaignId,
      campaign: r.campaignName,
      submitted: r.fields,
      instruction: r.instruction,
      confirmedAt: r.confirmedAt?.toISOString() ?? null,
      confirmedAs: r.confirmedFields,
      updatedAt: r.updatedAt.toISOString(),
    })),
  };
}

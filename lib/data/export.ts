import "server-only";
import type { Db } from "@/db";
import { listRecordsOfUser } from "@/db/queries/campaigns";
import { getMe, type Actor } from "./accounts";

/** Everything Concert holds about the actor, as JSON they can download. */
export async function exportMyData(db: Db, actor: Actor) {
  const me = await getMe(db, actor);
  const records = await listRecordsOfUser(db, { userId: actor.userId });
  return {
    exportedAt: new Date().toISOString(),
    account: { id: me.id, handle: me.handle },
    collectives: me.collectives,
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

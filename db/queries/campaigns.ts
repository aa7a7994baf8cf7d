import { and, count, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../open";
import { campaignRecords, campaigns, datasets, type StoredInstruction } from "../schema";

type DatasetInsert = typeof datasets.$inferInsert;
type CampaignInsert = typeof campaigns.$inferInsert;
type CampaignStatus = (typeof campaigns.$inferSelect)["status"];

export async function insertDataset(db: Db, p: DatasetInsert & { collectiveId: string }) {
  const [row] = await db.insert(datasets).values(p).returning({
    id: datasets.id,
    name: datasets.name,
    rowCount: datasets.rowCount,
    columns: datasets.columns,
    sampleName: datasets.sampleName,
  });
  if (!row) throw new Error("insert returned no row");
  return row;
}

export async function findDataset(db: Db, p: { collectiveId: string; datasetId: string }) {
  const rows = await db
    .select()
    .from(datasets)
    .where(and(eq(datasets.id, p.datasetId), eq(datasets.collectiveId, p.collectiveId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function listDatasets(db: Db, p: { collectiveId: string }) {
  return db
    .select({
      id: datasets.id,
      name: datasets.name,
      rowCount: datasets.rowCount,
      columns: datasets.columns,
      sampleName: datasets.sampleName,
      createdAt: datasets.createdAt,
    })
    .from(datasets)
    .where(eq(datasets.collectiveId, p.collectiveId))
    .orderBy(desc(datasets.createdAt));
}

export async function insertCampaign(db: Db, p: CampaignInsert & { collectiveId: string }) {
  const [row] = await db.insert(campaigns).values(p).returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

/** A campaign by id alone: callers must check its collective before using it. */
export async function findCampaign(db: Db, p: { campaignId: string }) {
  const rows = await db.select().from(campaigns).where(eq(campaigns.id, p.campaignId)).limit(1);
  return rows[0] ?? null;
}

export async function listCampaigns(db: Db, p: { collectiveId: string }) {
  return db
    .select({ id: campaigns.id, name: campaigns.name, status: campaigns.status, createdAt: campaigns.createdAt })
    .from(campaigns)
    .where(eq(campaigns.collectiveId, p.collectiveId))
    .orderBy(desc(campaigns.createdAt));
}

export async function updateCampaignStatus(
  db: Db,
  p: { collectiveId: string; campaignId: string; status: CampaignStatus; authorisedBySessionId?: string },
) {
  const stamp =
    p.status === "launched" ? { launchedAt: sql`coalesce(${campaigns.launchedAt}, now())` } : p.status === "ended" ? { endedAt: sql`now()` } : {};
  await db
    .update(campaigns)
    .set({ status: p.status, ...stamp, ...(p.authorisedBySessionId ? { authorisedBySessionId: p.authorisedBySessionId } : {}) })
    .where(and(eq(campaigns.id, p.campaignId), eq(campaigns.collectiveId, p.collectiveId)));
}

export async function findRecord(db: Db, p: { campaignId: string; userId: string }) {
  const rows = await db
    .select()
    .from(campaignRecords)
    .where(and(eq(campaignRecords.campaignId, p.campaignId), eq(campaignRecords.userId, p.userId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function upsertRecord(
  db: Db,
  p: {
    campaignId: string;
    userId: string;
    collectiveId: string;
    fields: Record<string, string>;
    instruction: StoredInstruction;
    isParticipating: boolean;
  },
) {
  // A new record resets any earlier confirmation: the member must confirm the new instruction.
  await db
    .insert(campaignRecords)
    .values(p)
    .onConflictDoUpdate({
      target: [campaignRecords.campaignId, campaignRecords.userId],
      set: {
        fields: p.fields,
        instruction: p.instruction,
        isParticipating: p.isParticipating,
        confirmedAt: null,
        confirmedFields: null,
        updatedAt: sql`now()`,
      },
    });
}

export async function recordConfirmation(
  db: Db,
  p: { campaignId: string; userId: string; isOk: boolean; fields: Record<string, string> },
) {
  await db
    .update(campaignRecords)
    .set(
      p.isOk
        ? { confirmedAt: sql`now()`, confirmedFields: p.fields, confirmationsOk: sql`${campaignRecords.confirmationsOk} + 1` }
        : // A failed check replaces an earlier success: what counts is what they last submitted.
          { confirmedAt: null, confirmationsFailed: sql`${campaignRecords.confirmationsFailed} + 1` },
    )
    .where(and(eq(campaignRecords.campaignId, p.campaignId), eq(campaignRecords.userId, p.userId)));
}

export async function deleteRecord(db: Db, p: { campaignId: string; userId: string }) {
  const rows = await db
    .delete(campaignRecords)
    .where(and(eq(campaignRecords.campaignId, p.campaignId), eq(campaignRecords.userId, p.userId)))
    .returning({ userId: campaignRecords.userId });
  return rows.length > 0;
}

/**
 * Aggregates only: records, active (last confirmation verified), members who tried to
 * confirm, and members whose last confirmation failed (they are misexecuting right now).
 */
export async function campaignCounts(db: Db, p: { campaignId: string }) {
  const [row] = await db
    .select({
      records: count(),
      active: count(campaignRecords.confirmedAt),
      attempted: sql<number>`count(*) filter (where ${campaignRecords.confirmationsOk} + ${campaignRecords.confirmationsFailed} > 0)`,
      failing: sql<number>`count(*) filter (where ${campaignRecords.confirmedAt} is null and ${campaignRecords.confirmationsFailed} > 0)`,
    })
    .from(campaignRecords)
    .where(eq(campaignRecords.campaignId, p.campaignId));
  return {
    records: row?.records ?? 0,
    active: row?.active ?? 0,
    attempted: Number(row?.attempted ?? 0),
    failing: Number(row?.failing ?? 0),
  };
}

/**
 * Active (confirmed) members' records as they were before their instruction, for the
 * shadow model only (never returned to a client): the engine applies the strategy itself.
 */
export async function listActiveMemberRecords(db: Db, p: { campaignId: string }) {
  const rows = await db
    .select({ fields: campaignRecords.fields })
    .from(campaignRecords)
    .where(and(eq(campaignRecords.campaignId, p.campaignId), isNotNull(campaignRecords.confirmedAt)));
  return rows.map((r) => r.fields);
}

/** A person's own records across campaigns (for their data export). */
export async function listRecordsOfUser(db: Db, p: { userId: string }) {
  return db
    .select({
      campaignId: campaignRecords.campaignId,
      campaignName: campaigns.name,
      fields: campaignRecords.fields,
      instruction: campaignRecords.instruction,
      confirmedAt: campaignRecords.confirmedAt,
      confirmedFields: campaignRecords.confirmedFields,
      updatedAt: campaignRecords.updatedAt,
    })
    .from(campaignRecords)
    .innerJoin(campaigns, eq(campaigns.id, campaignRecords.campaignId))
    .where(eq(campaignRecords.userId, p.userId));
}

/** Someone leaves or is removed: their records in that collective's campaigns go with them. */
export async function deleteRecordsInCollective(db: Db, p: { collectiveId: string; userId: string }) {
  const rows = await db
    .delete(campaignRecords)
    .where(and(eq(campaignRecords.collectiveId, p.collectiveId), eq(campaignRecords.userId, p.userId)))
    .returning({ campaignId: campaignRecords.campaignId });
  return rows.map((r) => r.campaignId);
}

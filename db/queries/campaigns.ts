import { and, count, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../open";
import { campaignRecords, campaigns, datasets, memberships } from "../schema";
import { preparedPer } from "./prepared";

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

const campaignForViewer = preparedPer((db) =>
  db
    .select({ campaign: campaigns, role: memberships.role })
    .from(campaigns)
    .leftJoin(
      memberships,
      and(
        eq(memberships.collectiveId, campaigns.collectiveId),
        eq(memberships.userId, sql.placeholder("userId")),
      ),
    )
    .where(eq(campaigns.id, sql.placeholder("campaignId")))
    .limit(1)
    .prepare("campaign_for_viewer"),
);

/**
 * A campaign with the viewer's role in its collective (null when they are not a member), in
 * one round trip. Callers must apply the access and draft-visibility rules to the role.
 */
export async function findCampaignForViewer(db: Db, p: { campaignId: string; userId: string }) {
  const rows = await campaignForViewer(db).execute(p);
  return rows[0] ?? null;
}

export async function listCampaigns(db: Db, p: { collectiveId: string }) {
  return db
    .select({
      id: campaigns.id,
      name: campaigns.name,
      status: campaigns.status,
      createdAt: campaigns.createdAt,
    })
    .from(campaigns)
    .where(eq(campaigns.collectiveId, p.collectiveId))
    .orderBy(desc(campaigns.createdAt));
}

export async function updateCampaignStatus(
  db: Db,
  p: {
    collectiveId: string;
    campaignId: string;
    status: CampaignStatus;
    authorisedBySessionId?: string;
  },
) {
  const stamp =
    p.status === "launched"
      ? { launchedAt: sql`coalesce(${campaigns.launchedAt}, now())` }
      : p.status === "ended"
        ? { endedAt: sql`now()` }
        : {};
  await db
    .update(campaigns)
    .set({
      status: p.status,
      ...stamp,
      ...(p.authorisedBySessionId ? { authorisedBySessionId: p.authorisedBySessionId } : {}),
    })
    .where(and(eq(campaigns.id, p.campaignId), eq(campaigns.collectiveId, p.collectiveId)));
}

/**
 * Aggregates only: records, active (last confirmation verified), members who tried to
 * confirm, and members whose last confirmation failed (they are misexecuting right now).
 */
const countsOfCampaign = preparedPer((db) =>
  db
    .select({
      records: count(),
      active: count(campaignRecords.confirmedAt),
      attempted: sql<number>`count(*) filter (where ${campaignRecords.confirmationsOk} + ${campaignRecords.confirmationsFailed} > 0)`,
      failing: sql<number>`count(*) filter (where ${campaignRecords.confirmedAt} is null and ${campaignRecords.confirmationsFailed} > 0)`,
    })
    .from(campaignRecords)
    .where(eq(campaignRecords.campaignId, sql.placeholder("campaignId")))
    .prepare("campaign_counts"),
);

export async function campaignCounts(db: Db, p: { campaignId: string }) {
  const [row] = await countsOfCampaign(db).execute(p);
  return {
    records: row?.records ?? 0,
    active: row?.active ?? 0,
    attempted: Number(row?.attempted ?? 0),
    failing: Number(row?.failing ?? 0),
  };
}

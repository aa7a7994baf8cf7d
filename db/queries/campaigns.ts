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

type CampaignRow = typeof campaigns.$inferSelect;

/** The row's version: PostgreSQL's xmin, which every UPDATE of the row changes. */
const rowVersion = sql<string>`${campaigns}.xmin::text`;

const campaignHeadForViewer = preparedPer((db) =>
  db
    .select({ version: rowVersion, role: memberships.role })
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
    .prepare("campaign_head_for_viewer"),
);

const campaignWithVersion = preparedPer((db) =>
  db
    .select({ campaign: campaigns, version: rowVersion })
    .from(campaigns)
    .where(eq(campaigns.id, sql.placeholder("campaignId")))
    .limit(1)
    .prepare("campaign_with_version"),
);

/*
 * Every request about a campaign (a member's record, instruction, stats, forecasts) loads its
 * row: the engine's specs as JSON (data mapping, learner, campaign, fitted context, signal
 * audit), parsed again each time, though a campaign changes only when its status does. Rows
 * are kept here under their version (xmin), which the request reads in its one query with
 * the viewer's role: any update of the row, through any server, is seen by the next request,
 * which loads it again. Frozen, since every request shares them.
 */
const MAX_CACHED_CAMPAIGNS = 500;

const cachedCampaigns: Map<string, { version: string; row: CampaignRow }> = ((
  globalThis as { __concertCampaignRows?: Map<string, { version: string; row: CampaignRow }> }
).__concertCampaignRows ??= new Map<string, { version: string; row: CampaignRow }>());

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * A campaign with the viewer's role in its collective (null when they are not a member).
 * Callers must apply the access and draft-visibility rules to the role. The row is shared
 * and frozen: never change it.
 */
export async function findCampaignForViewer(
  db: Db,
  p: { campaignId: string; userId: string },
): Promise<{
  campaign: CampaignRow;
  role: (typeof memberships.$inferSelect)["role"] | null;
} | null> {
  const [head] = await campaignHeadForViewer(db).execute(p);
  if (!head) return null;
  const hit = cachedCampaigns.get(p.campaignId);
  if (hit && hit.version === head.version) return { campaign: hit.row, role: head.role };
  const [loaded] = await campaignWithVersion(db).execute({ campaignId: p.campaignId });
  if (!loaded) return null;
  const row = deepFreeze(loaded.campaign);
  cachedCampaigns.delete(p.campaignId);
  cachedCampaigns.set(p.campaignId, { version: loaded.version, row });
  if (cachedCampaigns.size > MAX_CACHED_CAMPAIGNS) {
    const oldest = cachedCampaigns.keys().next();
    if (!oldest.done) cachedCampaigns.delete(oldest.value);
  }
  return { campaign: row, role: head.role };
}

export async function listCampaigns(db: Db, p: { collectiveId: string }) {
  return db
    .select({
      id: campaigns.id,
      name: campaigns.name,
      kind: campaigns.kind,
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

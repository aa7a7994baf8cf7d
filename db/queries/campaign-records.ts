/**
 * Members' campaign records. What a member submitted, their instruction and what they
 * confirmed are sealed with a key per record (db/vault): the database holds ciphertext only,
 * and every rewrite seals under a fresh key and destroys the previous one, so the copies
 * PostgreSQL keeps of earlier versions (dead tuples, WAL, backups) stop opening. Deleting a
 * record destroys its key first.
 *
 * Callers see plaintext: nothing above this file knows records are sealed.
 */
import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db } from "../open";
import { campaignRecords, campaigns, type StoredInstruction } from "../schema";
import { createKey, destroyKey, readKey } from "../vault/key-store";
import { seal, unseal } from "../vault/seal";
import { preparedPer } from "./prepared";
import { writeSealedRecord } from "./record-replace";

interface RecordContent {
  fields: Record<string, string>;
  instruction: StoredInstruction;
  confirmedFields: Record<string, string> | null;
}

type SealedColumns = Pick<
  typeof campaignRecords.$inferSelect,
  "campaignId" | "userId" | "sealed" | "keyId" | "fields" | "instruction" | "confirmedFields"
>;

const identity = (campaignId: string, userId: string) => `${campaignId}:${userId}`;

const sealedColumns = {
  campaignId: campaignRecords.campaignId,
  userId: campaignRecords.userId,
  sealed: campaignRecords.sealed,
  keyId: campaignRecords.keyId,
  fields: campaignRecords.fields,
  instruction: campaignRecords.instruction,
  confirmedFields: campaignRecords.confirmedFields,
};

/** Opens a row's content; null when its key was destroyed (the record is gone). */
function openContent(row: SealedColumns): RecordContent | null {
  if (row.sealed === null || row.keyId === null) {
    // Written before sealing existed and not yet sealed by sealLegacyRecords.
    return row.fields && row.instruction
      ? { fields: row.fields, instruction: row.instruction, confirmedFields: row.confirmedFields }
      : null;
  }
  const key = readKey(row.keyId);
  if (!key) return null;
  const json = unseal(key, row.sealed, identity(row.campaignId, row.userId));
  return json === null ? null : (JSON.parse(json) as RecordContent);
}

const recordOf = preparedPer((db) =>
  db
    .select()
    .from(campaignRecords)
    .where(
      and(
        eq(campaignRecords.campaignId, sql.placeholder("campaignId")),
        eq(campaignRecords.userId, sql.placeholder("userId")),
      ),
    )
    .limit(1)
    .prepare("find_record"),
);

/** A member's own record, opened; null when there is none (or its key is gone). */
export async function findRecord(db: Db, p: { campaignId: string; userId: string }) {
  const rows = await recordOf(db).execute(p);
  const row = rows[0];
  if (!row) return null;
  const content = openContent(row);
  if (!content) return null;
  return {
    campaignId: row.campaignId,
    userId: row.userId,
    collectiveId: row.collectiveId,
    isParticipating: row.isParticipating,
    confirmedAt: row.confirmedAt,
    confirmationsOk: row.confirmationsOk,
    confirmationsFailed: row.confirmationsFailed,
    updatedAt: row.updatedAt,
    ...content,
  };
}

async function lockedRow(tx: Db, p: { campaignId: string; userId: string }) {
  const [row] = await tx
    .select(sealedColumns)
    .from(campaignRecords)
    .where(and(eq(campaignRecords.campaignId, p.campaignId), eq(campaignRecords.userId, p.userId)))
    .for("update");
  return row ?? null;
}

/**
 * Runs `write` with content sealed under a new key, in a transaction holding the row lock;
 * afterwards destroys whichever key is no longer in use (the old one on success, the new one
 * on failure or when `write` sealed nothing), so no readable copy outlives the write.
 *
 * The new key is created (and synced) before the transaction begins: its fsyncs do not hold
 * the row lock, nor PGlite's single connection, which every other request waits for. The old
 * key is destroyed after the commit, before this returns: a re-submission answered is one
 * whose previous key is gone.
 */
async function withFreshKey(
  db: Db,
  p: { campaignId: string; userId: string },
  write: (
    tx: Db,
    previous: SealedColumns | null,
    sealFor: (content: RecordContent) => { keyId: string; sealed: string },
  ) => Promise<void>,
): Promise<void> {
  const fresh = await createKey();
  let isUsed = false;
  let replaced: string | null = null;
  try {
    await db.transaction(async (tx) => {
      const previous = await lockedRow(tx, p);
      replaced = previous?.keyId ?? null;
      await write(tx, previous, (content) => {
        isUsed = true;
        return {
          keyId: fresh.keyId,
          sealed: seal(fresh.key, JSON.stringify(content), identity(p.campaignId, p.userId)),
        };
      });
    });
  } catch (err) {
    await destroyKey(fresh.keyId);
    throw err;
  }
  if (!isUsed) await destroyKey(fresh.keyId);
  else if (replaced && replaced !== fresh.keyId) await destroyKey(replaced);
}

/**
 * Stores (or replaces) a member's record and instruction; a new record resets confirmation.
 * Sealed under a new key, created before the write; the key it replaces is destroyed after.
 */
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
): Promise<void> {
  const fresh = await createKey();
  const content: RecordContent = {
    fields: p.fields,
    instruction: p.instruction,
    confirmedFields: null,
  };
  const sealedValue = {
    keyId: fresh.keyId,
    sealed: seal(fresh.key, JSON.stringify(content), identity(p.campaignId, p.userId)),
  };
  let replaced: string | null;
  try {
    replaced = await writeSealedRecord(db, p, sealedValue);
  } catch (err) {
    await destroyKey(fresh.keyId);
    throw err;
  }
  if (replaced && replaced !== fresh.keyId) await destroyKey(replaced);
}

/**
 * Counts a confirmation. A verified one stores what the member submitted (sealed again under
 * a fresh key); a failed one replaces an earlier success: what counts is what they last submitted.
 */
export async function recordConfirmation(
  db: Db,
  p: { campaignId: string; userId: string; isOk: boolean; fields: Record<string, string> },
): Promise<void> {
  const where = and(
    eq(campaignRecords.campaignId, p.campaignId),
    eq(campaignRecords.userId, p.userId),
  );
  if (!p.isOk) {
    await db
      .update(campaignRecords)
      .set({
        confirmedAt: null,
        confirmationsFailed: sql`${campaignRecords.confirmationsFailed} + 1`,
      })
      .where(where);
    return;
  }
  await withFreshKey(db, p, async (tx, previous, sealFor) => {
    const content = previous ? openContent(previous) : null;
    if (!content) return;
    await tx
      .update(campaignRecords)
      .set({
        ...sealFor({ ...content, confirmedFields: p.fields }),
        fields: null,
        instruction: null,
        confirmedFields: null,
        confirmedAt: sql`now()`,
        confirmationsOk: sql`${campaignRecords.confirmationsOk} + 1`,
      })
      .where(where);
  });
}

/** Destroys the keys of the matching records, then deletes the rows; returns their campaigns. */
async function shredWhere(db: Db, where: ReturnType<typeof and>): Promise<string[]> {
  const rows = await db
    .select({ campaignId: campaignRecords.campaignId, keyId: campaignRecords.keyId })
    .from(campaignRecords)
    .where(where);
  // Keys first: if the delete below failed, what is left could not be read anyway.
  await Promise.all(rows.flatMap((row) => (row.keyId ? [destroyKey(row.keyId)] : [])));
  const deleted = await db
    .delete(campaignRecords)
    .where(where)
    .returning({ campaignId: campaignRecords.campaignId });
  return [...new Set(deleted.map((r) => r.campaignId))];
}

/** Withdraw: the record is shredded. Returns whether there was one. */
export async function deleteRecord(
  db: Db,
  p: { campaignId: string; userId: string },
): Promise<boolean> {
  const campaignIds = await shredWhere(
    db,
    and(eq(campaignRecords.campaignId, p.campaignId), eq(campaignRecords.userId, p.userId)),
  );
  return campaignIds.length > 0;
}

/** Leave, removal or account deletion: the person's records (in one collective, or all) are shredded. */
export async function deleteRecordsOfUser(
  db: Db,
  p: { userId: string; collectiveId?: string },
): Promise<string[]> {
  return shredWhere(
    db,
    p.collectiveId
      ? and(eq(campaignRecords.collectiveId, p.collectiveId), eq(campaignRecords.userId, p.userId))
      : eq(campaignRecords.userId, p.userId),
  );
}

/**
 * Active (confirmed) members' records as they were before their instruction, for the
 * shadow model only (never returned to a client): the engine applies the strategy itself.
 */
export async function listActiveMemberRecords(
  db: Db,
  p: { campaignId: string },
): Promise<Record<string, string>[]> {
  const rows = await db
    .select(sealedColumns)
    .from(campaignRecords)
    .where(
      and(eq(campaignRecords.campaignId, p.campaignId), isNotNull(campaignRecords.confirmedAt)),
    );
  return rows.flatMap((r) => {
    const content = openContent(r);
    return content ? [content.fields] : [];
  });
}

/** A person's own records across campaigns (for their data export). */
export async function listRecordsOfUser(db: Db, p: { userId: string }) {
  const rows = await db
    .select({
      ...sealedColumns,
      campaignName: campaigns.name,
      confirmedAt: campaignRecords.confirmedAt,
      updatedAt: campaignRecords.updatedAt,
    })
    .from(campaignRecords)
    .innerJoin(campaigns, eq(campaigns.id, campaignRecords.campaignId))
    .where(eq(campaignRecords.userId, p.userId));
  return rows.flatMap((r) => {
    const content = openContent(r);
    return content
      ? [
          {
            campaignId: r.campaignId,
            campaignName: r.campaignName,
            confirmedAt: r.confirmedAt,
            updatedAt: r.updatedAt,
            ...content,
          },
        ]
      : [];
  });
}

/**
 * Seals rows written before records were sealed (run at start). Their old plaintext may
 * still sit in the database's history; from here on, nothing new is written in the clear.
 */
export async function sealLegacyRecords(db: Db): Promise<number> {
  const legacy = await db
    .select({ campaignId: campaignRecords.campaignId, userId: campaignRecords.userId })
    .from(campaignRecords)
    .where(and(isNull(campaignRecords.sealed), isNotNull(campaignRecords.fields)));
  for (const p of legacy) {
    await withFreshKey(db, p, async (tx, previous, sealFor) => {
      const content = previous ? openContent(previous) : null;
      if (!content || previous?.sealed) return;
      await tx
        .update(campaignRecords)
        .set({ ...sealFor(content), fields: null, instruction: null, confirmedFields: null })
        .where(
          and(eq(campaignRecords.campaignId, p.campaignId), eq(campaignRecords.userId, p.userId)),
        );
    });
  }
  return legacy.length;
}

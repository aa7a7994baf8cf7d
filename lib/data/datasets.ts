import "server-only";
import type { DataMapping } from "@/lib/validation/campaigns";
import type { Db } from "@/db";
import { findDataset, insertDataset, listDatasets } from "@/db/queries/campaigns";
import { fail, ok, type Result } from "@/lib/errors";
import { EngineInputError, parseCsvText } from "@/ml/data";
import { listSamples } from "@/ml/samples";
import type { Table } from "@/ml/types";
import { uuidSchema } from "@/lib/validation/collectives";
import { isStorableText } from "@/lib/validation/storable";
import type { Actor } from "./accounts";
import { requireAccess } from "./access";
import { recordAudit } from "./audit";

/** Largest CSV accepted, in bytes: plenty for a proxy sample, small enough for one request. */
export const MAX_CSV_BYTES = 20 * 1024 * 1024;
const MAX_ROWS = 200_000;

interface SampleDto {
  name: string;
  title: string;
  description: string;
  rows: number;
  columns: DataMapping;
  labels: string[];
}

export function getSamples(): SampleDto[] {
  return listSamples().map((s) => ({
    name: s.name,
    title: s.title,
    description: s.description,
    rows: s.rows,
    columns: s.schema,
    labels: s.labels,
  }));
}

export interface DatasetDto {
  id: string;
  name: string;
  rows: number;
  columns: string[];
  sample: string | null;
}

/**
 * Stores an uploaded CSV after parsing all of it: a bad file is refused whole with the
 * row and column at fault, so nothing is ever half-imported.
 */
export async function uploadDataset(
  db: Db,
  actor: Actor,
  collectiveId: string,
  p: { name?: string; csv: string },
): Promise<Result<DatasetDto>> {
  const access = await requireAccess(db, actor, collectiveId, "campaigns:manage");
  if (!access.ok) return access;
  if (Buffer.byteLength(p.csv, "utf8") > MAX_CSV_BYTES) {
    return fail("payload_too_large", `The file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB`);
  }
  // PostgreSQL stores neither: refuse the file rather than fail on insert.
  if (!isStorableText(p.csv)) {
    return fail(
      "validation",
      "The file contains a NUL character or broken text; save it as UTF-8 text",
      { fields: { file: ["Not a text file"] } },
    );
  }
  let table: Table;
  try {
    table = parseCsvText(p.csv);
  } catch (err) {
    if (err instanceof EngineInputError)
      return fail("validation", err.message, { fields: { file: [err.message] } });
    throw err;
  }
  if (table.rows.length === 0)
    return fail("validation", "The file has a header but no rows", {
      fields: { file: ["No rows"] },
    });
  if (table.rows.length > MAX_ROWS)
    return fail("validation", `At most ${MAX_ROWS} rows`, { fields: { file: ["Too many rows"] } });
  const name =
    [...(p.name ?? "").trim()]
      .slice(0, 120)
      .join("")
      .replace(/[\u0000-\u001f\u007f]/g, " ")
      .trim() || "Uploaded sample";
  if (!isStorableText(name))
    return fail("validation", "The name contains characters that cannot be stored", {
      fields: { name: ["Not allowed"] },
    });
  const row = await insertDataset(db, {
    collectiveId,
    name,
    columns: table.columns,
    rowCount: table.rows.length,
    csv: p.csv,
    createdBy: actor.userId,
  });
  await recordAudit(db, actor, collectiveId, "dataset.uploaded", {
    datasetId: row.id,
    rows: row.rowCount,
  });
  return ok({ id: row.id, name: row.name, rows: row.rowCount, columns: row.columns, sample: null });
}

export async function getDatasets(
  db: Db,
  actor: Actor,
  collectiveId: string,
): Promise<Result<DatasetDto[]>> {
  const access = await requireAccess(db, actor, collectiveId, "campaigns:manage");
  if (!access.ok) return access;
  const rows = await listDatasets(db, { collectiveId });
  return ok(
    rows.map((r) => ({
      id: r.id,
      name: r.name,
      rows: r.rowCount,
      columns: r.columns,
      sample: r.sampleName,
    })),
  );
}

/** Looks a dataset up within the collective (another collective's id is simply not found). */
export async function findCollectiveDataset(db: Db, collectiveId: string, datasetId: string) {
  if (!uuidSchema.safeParse(datasetId).success) return null;
  return findDataset(db, { collectiveId, datasetId });
}

/** The rows of an uploaded dataset or a built-in sample (one owner: the forecast input reads proxies too). */
export { loadTable } from "@/jobs/forecast-input";

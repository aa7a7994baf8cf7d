/**
 * Sequences from a CSV with one row per entry: a sequence id column, an item id column, the
 * rows of a sequence in order (sequences may interleave; each keeps its own row order), and
 * optional item metadata columns (title, artist...). Streamed record by record into a
 * SequenceSet, so a file of millions of entries never becomes millions of row objects.
 */
import { createReadStream } from "node:fs";
import { parse as parseStream, CsvError, type Options } from "csv-parse";
import { parse as parseSync } from "csv-parse/sync";
import { EngineInputError } from "../data/errors";
import { SequenceSetBuilder, type SequenceSet } from "./sequence-set";

export interface SequenceColumns {
  /** Column holding the sequence id (e.g. playlist id). */
  sequence: string;
  /** Column holding the item id (e.g. track URI). */
  item: string;
  /** Metadata columns to keep per item; default: every other column of the header. */
  meta?: readonly string[];
}

// Strict on shape, as the tabular loader: a broken record fails with its row instead of
// shifting values between columns.
const options: Options = { bom: true, skip_empty_lines: true, relax_quotes: false };

/** Stream a sequences CSV file. Bad input throws an EngineInputError naming the row or column. */
export async function loadSequencesCsv(
  path: string,
  columns: SequenceColumns,
): Promise<SequenceSet> {
  const reader = createSequenceReader(columns);
  const source = createReadStream(path);
  const parser = source.pipe(parseStream(options));
  // pipe() does not forward source errors (ENOENT); without this the parser would wait forever.
  source.on("error", (err) => parser.destroy(err));
  try {
    for await (const record of parser) reader.push(asRecord(record));
  } catch (err) {
    if (err instanceof Error && "code" in err && err.code === "ENOENT")
      throw new EngineInputError(`file not found: ${path}`);
    throw toInputError(err);
  }
  return reader.build();
}

/** The same from CSV text (an upload in the app). */
export function parseSequencesCsvText(text: string, columns: SequenceColumns): SequenceSet {
  const reader = createSequenceReader(columns);
  let records: unknown[];
  try {
    records = parseSync(text, options);
  } catch (err) {
    throw toInputError(err);
  }
  for (const record of records) reader.push(asRecord(record));
  return reader.build();
}

function asRecord(value: unknown): string[] {
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value;
  throw new EngineInputError("unreadable CSV record");
}

function createSequenceReader(columns: SequenceColumns) {
  let builder: SequenceSetBuilder | null = null;
  let seqAt = -1;
  let itemAt = -1;
  let metaAt: [string, number][] = [];
  let row = 0;
  return {
    push(record: string[]): void {
      if (builder === null) {
        const header = record.map((c) => c.trim());
        const find = (name: string) => {
          const i = header.indexOf(name);
          if (i < 0)
            throw new EngineInputError(
              `no column "${name}" in the header (columns: ${header.join(", ")})`,
              { column: name },
            );
          return i;
        };
        seqAt = find(columns.sequence);
        itemAt = find(columns.item);
        const metaNames =
          columns.meta ?? header.filter((c) => c !== columns.sequence && c !== columns.item);
        metaAt = metaNames.map((c) => [c, find(c)]);
        builder = new SequenceSetBuilder(metaNames);
        return;
      }
      row++;
      const seq = (record[seqAt] ?? "").trim();
      const item = (record[itemAt] ?? "").trim();
      if (seq === "")
        throw new EngineInputError(`row ${row} has no sequence id`, {
          row,
          column: columns.sequence,
        });
      if (item === "")
        throw new EngineInputError(`row ${row} (sequence "${seq}") has no item id`, {
          row,
          column: columns.item,
        });
      const meta =
        metaAt.length > 0
          ? Object.fromEntries(metaAt.map(([c, i]) => [c, (record[i] ?? "").trim()]))
          : undefined;
      builder.push(seq, item, meta);
    },
    build(): SequenceSet {
      if (builder === null) throw new EngineInputError("the file is empty (no header line)");
      if (builder.sequenceCount === 0) throw new EngineInputError("the file has no data rows");
      return builder.build();
    },
  };
}

/** csv-parse counts records with the header as record 1, so the failing data row is `records`. */
function toInputError(err: unknown): Error {
  if (err instanceof EngineInputError) return err;
  if (err instanceof CsvError) {
    const row = typeof err.records === "number" && err.records >= 1 ? err.records : undefined;
    const line = typeof err.lines === "number" ? `, file line ${err.lines}` : "";
    return new EngineInputError(
      `malformed CSV${row !== undefined ? ` (row ${row}${line})` : ""}: ${err.message}`,
      row !== undefined ? { row } : {},
    );
  }
  return err instanceof Error ? err : new Error(String(err));
}

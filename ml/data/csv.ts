import { createReadStream } from "node:fs";
import { parse as parseStream, CsvError, type Options } from "csv-parse";
import { parse as parseSync } from "csv-parse/sync";
import type { Row, Table } from "../types";
import { isReservedColumn } from "./columns";
import { EngineInputError } from "./errors";

// Strict on shape (every record has the header's field count) so a broken file fails
// loudly with its line, instead of silently shifting values between columns.
const options: Options = {
  bom: true,
  skip_empty_lines: true,
  relax_quotes: false,
};

/** Parse CSV text with a header line into a Table (all values as strings). */
export function parseCsvText(text: string): Table {
  let records: string[][];
  try {
    records = parseSync(text, options);
  } catch (err) {
    throw toInputError(err);
  }
  const builder = createTableBuilder();
  for (const record of records) builder.push(record);
  return builder.table();
}

/**
 * Stream a CSV file with a header line into a Table. Streaming keeps peak memory at
 * about the size of the parsed rows rather than the raw text plus the rows.
 */
export async function loadCsv(path: string): Promise<Table> {
  const builder = createTableBuilder();
  const source = createReadStream(path);
  const parser = source.pipe(parseStream(options));
  // pipe() does not forward source errors (e.g. ENOENT); without this the parser waits forever.
  source.on("error", (err) => parser.destroy(err));
  try {
    for await (const record of parser) {
      if (!isStringArray(record)) throw new EngineInputError("unreadable CSV record");
      builder.push(record);
    }
  } catch (err) {
    if (err instanceof EngineInputError) throw err;
    if (err instanceof Error && "code" in err && err.code === "ENOENT") {
      throw new EngineInputError(`file not found: ${path}`);
    }
    throw toInputError(err);
  }
  return builder.table();
}

function createTableBuilder() {
  let columns: string[] | null = null;
  const rows: Row[] = [];
  return {
    push(record: string[]): void {
      if (columns === null) {
        columns = record.map((c) => c.trim());
        const seen = new Set<string>();
        columns.forEach((c, i) => {
          if (c === "") throw new EngineInputError(`header column ${i + 1} has no name`);
          if (isReservedColumn(c))
            throw new EngineInputError(`column "${c}" has a reserved name; rename it`, {
              column: c,
            });
          if (seen.has(c))
            throw new EngineInputError(`duplicate column "${c}" in header`, { column: c });
          seen.add(c);
        });
        return;
      }
      // fromEntries defines own properties: no key can reach the prototype.
      const row: Row = Object.fromEntries(columns.map((c, i) => [c, record[i] ?? ""]));
      rows.push(row);
    },
    table(): Table {
      return { columns: columns ?? [], rows };
    },
  };
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}

/**
 * csv-parse counts records parsed so far (the header is record 1), so the failing record
 * is data row `records`; its file line differs when quoted fields span lines, so both are named.
 */
function toInputError(err: unknown): Error {
  if (err instanceof CsvError) {
    const records = typeof err.records === "number" ? err.records : undefined;
    const lines = typeof err.lines === "number" ? err.lines : undefined;
    const row = records !== undefined && records >= 1 ? records : undefined;
    const where = [
      row !== undefined ? `data row ${row}` : "",
      lines !== undefined ? `file line ${lines}` : "",
    ]
      .filter((w) => w !== "")
      .join(", ");
    return new EngineInputError(
      `malformed CSV${where !== "" ? ` (${where})` : ""}: ${err.message}`,
      row !== undefined ? { row } : {},
    );
  }
  return err instanceof Error ? err : new Error(String(err));
}

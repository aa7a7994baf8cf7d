import type { DataSchema, Table } from "../types";
import { EngineInputError } from "./errors";

/**
 * Check that a table fits a schema before anything is trained on it. Throws an
 * EngineInputError naming the column and the 1-based data row (header excluded) for:
 * an empty file, a missing column, an empty label, a non-numeric value in a numeric
 * column, fewer than two distinct labels.
 */
export function validateTable(table: Table, schema: DataSchema): void {
  if (table.columns.length === 0) throw new EngineInputError("empty file: no header and no rows");
  if (table.rows.length === 0) throw new EngineInputError("empty file: a header but no data rows");

  const needed = [
    schema.label,
    ...schema.text,
    ...schema.categorical,
    ...schema.numeric,
    ...(schema.group !== undefined ? [schema.group] : []),
  ];
  const present = new Set(table.columns);
  for (const column of needed) {
    if (!present.has(column)) {
      throw new EngineInputError(
        `missing column "${column}" (the file has: ${table.columns.join(", ")})`,
        { column },
      );
    }
  }

  // A label that is also a feature would let the model read the answer.
  const features = [...schema.text, ...schema.categorical, ...schema.numeric];
  if (features.includes(schema.label)) {
    throw new EngineInputError(
      `column "${schema.label}" is the label and cannot also be a feature`,
      {
        column: schema.label,
      },
    );
  }

  const labels = new Set<string>();
  table.rows.forEach((row, i) => {
    const label = (row[schema.label] ?? "").trim();
    if (label === "") {
      throw new EngineInputError(`empty label in column "${schema.label}" at data row ${i + 1}`, {
        column: schema.label,
        row: i + 1,
      });
    }
    labels.add(label);
    for (const column of schema.numeric) {
      const raw = (row[column] ?? "").trim();
      // Number("") is 0, so an empty cell must be caught before the conversion.
      if (raw === "" || !Number.isFinite(Number(raw))) {
        throw new EngineInputError(
          `non-numeric value "${raw}" in numeric column "${column}" at data row ${i + 1}`,
          { column, row: i + 1 },
        );
      }
    }
  });

  if (labels.size < 2) {
    const only = [...labels][0] ?? "";
    throw new EngineInputError(
      `column "${schema.label}" needs at least two distinct labels, found only "${only}"`,
      { column: schema.label },
    );
  }
}

/**
 * Numeric records for steering: a table's feature columns and label as Float64Arrays, in the
 * data's own units (the target speaks about "pay per waiting minute", so nothing is rescaled).
 */
import { cellOf } from "../data/columns";
import { EngineInputError } from "../data/errors";
import type { Table } from "../types";
import type { SteerLearnerSpec } from "./spec";

export interface NumericRecords {
  /** Feature columns, in the spec's order (the weights' order). */
  fields: string[];
  label: string;
  n: number;
  /** n × fields.length, row-major. */
  x: Float64Array;
  /** The label: a number (least squares) or 0/1 (logistic). */
  y: Float64Array;
}

function numberAt(raw: string | undefined, column: string, row: number): number {
  const text = (raw ?? "").trim();
  // Number("") is 0, so an empty cell must be caught before the conversion.
  const value = text === "" ? NaN : Number(text);
  if (!Number.isFinite(value))
    throw new EngineInputError(
      `non-numeric value "${text}" in column "${column}" at data row ${row}`,
      {
        column,
        row,
      },
    );
  return value;
}

/** The label value that counts as 1 for a logistic learner, checked against the data. */
function positiveLabel(values: Set<string>, label: string, positive: string | undefined): string {
  const list = [...values].sort();
  if (list.length !== 2)
    throw new EngineInputError(
      `a logistic learner needs exactly two label values in "${label}", found ${list.length}: ${list.slice(0, 5).join(", ")}`,
      { column: label },
    );
  if (positive !== undefined) {
    if (!values.has(positive))
      throw new EngineInputError(
        `learner.positive "${positive}" is not a value of "${label}" (${list.join(", ")})`,
        {
          column: label,
        },
      );
    return positive;
  }
  if (values.has("0") && values.has("1")) return "1";
  throw new EngineInputError(
    `say which label counts as 1 (learner.positive): "${label}" has ${list.join(" and ")}`,
    { column: label },
  );
}

/** Reads the numeric records a steering spec names; throws EngineInputError naming the cell. */
export function toNumericRecords(
  table: Table,
  data: { label: string; numeric: readonly string[] },
  learner: SteerLearnerSpec,
): NumericRecords {
  if (table.rows.length === 0) throw new EngineInputError("empty file: a header but no data rows");
  const present = new Set(table.columns);
  for (const column of [data.label, ...data.numeric])
    if (!present.has(column))
      throw new EngineInputError(
        `missing column "${column}" (the file has: ${table.columns.join(", ")})`,
        {
          column,
        },
      );
  const n = table.rows.length;
  const k = data.numeric.length;
  const x = new Float64Array(n * k);
  const y = new Float64Array(n);
  const positive =
    learner.kind === "logistic"
      ? positiveLabel(
          new Set(table.rows.map((r) => (cellOf(r, data.label) ?? "").trim())),
          data.label,
          learner.positive,
        )
      : undefined;
  table.rows.forEach((row, i) => {
    data.numeric.forEach((column, j) => {
      x[i * k + j] = numberAt(cellOf(row, column), column, i + 1);
    });
    const raw = cellOf(row, data.label);
    y[i] =
      positive !== undefined
        ? Number((raw ?? "").trim() === positive)
        : numberAt(raw, data.label, i + 1);
  });
  return { fields: [...data.numeric], label: data.label, n, x, y };
}

/**
 * The design matrix the learner sees: the features of the chosen rows, then a constant 1 when
 * the model has an intercept (the intercept is the last parameter).
 */
export function designOf(
  records: NumericRecords,
  rows: readonly number[],
  intercept: boolean,
): { x: Float64Array; y: Float64Array; n: number; d: number } {
  const k = records.fields.length;
  const d = k + (intercept ? 1 : 0);
  const x = new Float64Array(rows.length * d);
  const y = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    for (let j = 0; j < k; j++) x[i * d + j] = records.x[r * k + j] ?? 0;
    if (intercept) x[i * d + k] = 1;
    y[i] = records.y[r] ?? 0;
  });
  return { x, y, n: rows.length, d };
}

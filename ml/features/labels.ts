import type { Row } from "../types";
import { EngineInputError } from "../data/errors";

/**
 * Class indices for a label column. Without `classes`, the classes are the distinct
 * (trimmed) labels sorted by code unit, so the encoding is stable across row orders.
 * With `classes` (e.g. from training), a label outside them is an EngineInputError.
 */
export function encodeLabels(
  rows: Row[],
  labelColumn: string,
  classes?: string[],
): { y: Int32Array; classes: string[] } {
  const labels = rows.map((r) => (r[labelColumn] ?? "").trim());
  const list = classes ?? [...new Set(labels)].sort();
  const index = new Map(list.map((c, i) => [c, i]));
  const y = new Int32Array(rows.length);
  labels.forEach((label, i) => {
    const k = index.get(label);
    if (k === undefined) {
      throw new EngineInputError(
        `unknown label "${label}" in column "${labelColumn}" at data row ${i + 1}`,
        {
          column: labelColumn,
          row: i + 1,
        },
      );
    }
    y[i] = k;
  });
  return { y, classes: list };
}

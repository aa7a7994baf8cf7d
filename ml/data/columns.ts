/**
 * Column names that would reach an object's prototype machinery instead of a field when
 * used as a key (`row["__proto__"] = v` sets the prototype). Refused wherever a column is named.
 */
export const RESERVED_COLUMNS: readonly string[] = ["__proto__", "constructor", "prototype"];

export function isReservedColumn(name: string): boolean {
  return RESERVED_COLUMNS.includes(name);
}

/** A row's own value for `column`, never one inherited from Object.prototype (`toString`...). */
export function cellOf(row: Readonly<Record<string, string>>, column: string): string | undefined {
  return Object.hasOwn(row, column) ? row[column] : undefined;
}

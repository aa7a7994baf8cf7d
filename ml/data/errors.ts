/**
 * Bad input to the engine (a malformed CSV, a schema that does not fit the data).
 * Callers show `message` to the user; `column` and `row` let a UI point at the cell.
 */
export class EngineInputError extends Error {
  /** The column at fault, when there is one. */
  readonly column?: string;
  /**
   * 1-based data row (the first row after the header is row 1), when there is one.
   * Add 1 to get the file line for files without multi-line quoted fields.
   */
  readonly row?: number;

  constructor(message: string, where: { column?: string; row?: number } = {}) {
    super(message);
    this.name = "EngineInputError";
    if (where.column !== undefined) this.column = where.column;
    if (where.row !== undefined) this.row = where.row;
  }
}

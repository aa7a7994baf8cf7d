/** Data loading and validation for the engine. */
export { EngineInputError } from "./errors";
export { parseCsvText, loadCsv } from "./csv";
export { validateTable } from "./validate";
export { RESERVED_COLUMNS, isReservedColumn, cellOf } from "./columns";
export {
  columnNameSchema,
  dataSchemaSchema,
  type DataSchema,
  type DataSchemaInput,
} from "./schema";

/**
 * The data schema: which columns play which part. The one definition: the simulation spec,
 * the featurizer's saved state, the app's campaign validation, the stored campaign and the
 * designer all use this schema or the type inferred from it.
 */
import { z } from "zod";
import { isReservedColumn } from "./columns";

/** A column name, as mapped or as a record's field: never one that reaches the prototype. */
export const columnNameSchema = z
  .string()
  .min(1, "Name a column")
  .refine((c) => !isReservedColumn(c), {
    error: (issue) => `"${String(issue.input)}" is a reserved name; rename the column`,
  });

export const dataSchemaSchema = z.object({
  label: z.string().min(1, "Choose the label column").pipe(columnNameSchema),
  text: z.array(columnNameSchema).default([]),
  categorical: z.array(columnNameSchema).default([]),
  numeric: z.array(columnNameSchema).default([]),
  /** The column naming each row's group (fairness goals). */
  group: columnNameSchema.optional(),
});

/** Which columns play which part (the `data` block of a simulation spec). */
export type DataSchema = z.output<typeof dataSchemaSchema>;
export type DataSchemaInput = z.input<typeof dataSchemaSchema>;

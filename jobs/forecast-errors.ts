import { ZodError } from "zod";
import { EngineInputError } from "@/ml/data";
import { formatSpecIssues } from "@/ml/simulate/spec";

/** An error in words a forecast row can show. */
export function messageOf(err: unknown): string {
  if (err instanceof ZodError)
    return `The stored forecast spec is invalid: ${formatSpecIssues(err).join("; ")}`;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Errors that the same input would raise again: retrying cannot help. */
export function isPermanent(err: unknown): boolean {
  return err instanceof ZodError || err instanceof EngineInputError;
}

import type { z } from "zod";
import { fail, type Result } from "@/lib/errors";

/** zod -> Result with per-field messages, so forms and the API report the same way. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): Result<z.output<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const fields: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_";
    (fields[key] ??= []).push(issue.message);
  }
  return fail("validation", "Some fields need attention", { fields });
}

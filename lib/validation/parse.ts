import type { z } from "zod";
import { fail, type Result } from "@/lib/errors";
import { findInputProblem } from "./storable";

/**
 * zod -> Result with per-field messages, so forms and the API report the same way. Input
 * PostgreSQL could not store (NUL, lone surrogates, absurd nesting) is refused first, for every
 * schema, naming the field.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): Result<z.output<S>> {
  const problem = findInputProblem(input);
  if (problem) {
    const key = problem.path.length ? problem.path.join(".") : "_";
    return fail("validation", `${key === "_" ? "The input" : key}: ${problem.message}`, {
      fields: { [key]: [problem.message] },
    });
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  // A Map, not an object literal: a field path may be `__proto__` or `constructor`.
  const fields = new Map<string, string[]>();
  for (const issue of parsed.error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "_";
    fields.set(key, [...(fields.get(key) ?? []), issue.message]);
  }
  return fail("validation", "Some fields need attention", { fields: Object.fromEntries(fields) });
}

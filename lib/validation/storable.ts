/**
 * What PostgreSQL cannot store, checked before any input reaches it: a NUL character (refused
 * in text and jsonb) and a lone UTF-16 surrogate (not valid UTF-8). Either would otherwise
 * surface as a 500 from deep inside a query.
 */
// Without the `u` flag these match UTF-16 code units, which is what a lone surrogate is.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Deeper than any form or API body we accept; also keeps jsonb clear of PostgreSQL's depth limit. */
const MAX_INPUT_DEPTH = 64;

export const UNSTORABLE_MESSAGE =
  "Contains a character that cannot be stored (a NUL or a broken surrogate)";
const TOO_DEEP_MESSAGE = `Nested more than ${MAX_INPUT_DEPTH} levels deep`;

export function isStorableText(s: string): boolean {
  return !UNSTORABLE.test(s);
}

interface InputProblem {
  path: (string | number)[];
  message: string;
}

/**
 * The first string (value or key) anywhere in `input` that cannot be stored, or a nesting
 * deeper than MAX_INPUT_DEPTH. Iterative, so a hostile 10,000-level body cannot overflow the stack.
 */
export function findInputProblem(input: unknown): InputProblem | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: input, path: [] }];
  const seen = new Set<object>();
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { value, path } = next;
    if (typeof value === "string") {
      if (!isStorableText(value)) return { path, message: UNSTORABLE_MESSAGE };
      continue;
    }
    if (typeof value !== "object" || value === null || seen.has(value)) continue;
    seen.add(value);
    if (path.length >= MAX_INPUT_DEPTH) return { path, message: TOO_DEEP_MESSAGE };
    if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push({ value: item, path: [...path, i] }));
      continue;
    }
    const entries: [string, unknown][] = Object.entries(value);
    for (const [key, child] of entries) {
      if (!isStorableText(key)) return { path: [...path, key], message: UNSTORABLE_MESSAGE };
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return null;
}

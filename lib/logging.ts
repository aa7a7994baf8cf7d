/**
 * Logs must never carry member content. Database errors are the usual leak: drizzle's
 * DrizzleQueryError message ends with every query parameter (a record, a statement, a
 * reason), and PostgreSQL's own messages may quote a value ("invalid input syntax ...:
 * \"<value>\""). So errors are logged by class, SQLSTATE code, schema names and stack frames,
 * never by message. installLogRedaction() applies this to everything that reaches
 * console.error/warn, including what Next logs for a failed action or page.
 */

interface PgLikeError {
  code?: unknown;
  table?: unknown;
  column?: unknown;
  constraint?: unknown;
}

function stackFrames(err: Error): string {
  return (err.stack ?? "")
    .split("\n")
    .filter((line) => line.trimStart().startsWith("at "))
    .slice(0, 8)
    .join("\n");
}

function pgDetails(err: unknown): string {
  if (!err || typeof err !== "object") return "";
  const e = err as PgLikeError;
  const parts = [
    typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) ? `sqlstate ${e.code}` : "",
    typeof e.table === "string" ? `table ${e.table}` : "",
    typeof e.column === "string" ? `column ${e.column}` : "",
    typeof e.constraint === "string" ? `constraint ${e.constraint}` : "",
  ].filter(Boolean);
  return parts.join(", ");
}

/** What may be logged about an error: its kind and where it happened, no data. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return `non-error thrown (${typeof err})`;
  const isQueryError = "query" in err && "params" in err;
  const cause = (err as { cause?: unknown }).cause;
  const head = isQueryError
    ? `${err.name}: a database query failed (${[pgDetails(cause), cause instanceof Error ? cause.name : ""].filter(Boolean).join(", ") || "no details"})`
    : `${err.name}${pgDetails(err) ? ` (${pgDetails(err)})` : ""} [message withheld from logs]`;
  const query =
    isQueryError && typeof err.query === "string" ? `\n  query: ${err.query.slice(0, 300)}` : "";
  return `${head}${query}\n${stackFrames(err)}`;
}

/** A logged string that embeds a query error's text keeps only what precedes its parameters. */
function redactString(text: string): string {
  const at = text.search(/\nparams: /);
  return at >= 0 ? `${text.slice(0, at)}\nparams: [withheld]` : text;
}

let installed = false;

/** Routes console.error/warn through describeError (idempotent; server and worker processes). */
export function installLogRedaction(): void {
  if (installed) return;
  installed = true;
  for (const level of ["error", "warn"] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) =>
      original(
        ...args.map((a) =>
          a instanceof Error ? describeError(a) : typeof a === "string" ? redactString(a) : a,
        ),
      );
  }
}

import type { PGlite } from "@electric-sql/pglite";
import type { Db } from "../open";

/**
 * A query built and prepared once per database handle, for the hot paths (every API request
 * resolves a membership, every session poll reads the same two queries). Building a drizzle
 * query and rendering its SQL costs about as much as running it.
 *
 * On PostgreSQL, drizzle's node-postgres driver already prepares named statements on the
 * server. Its PGlite driver does not: each run went through PGlite's `query()`, which parses
 * and plans the SQL again in six calls into the engine, and copies PGlite's 318-type parser
 * table to apply drizzle's date parsers. On PGlite such a query is therefore run as a named
 * statement, parsed once, then one bind-and-execute per run (see `runNamedOnPglite`): about
 * 0.05 ms of CPU where `query()` took 0.3-0.6 ms, on bench:load's data.
 *
 * Keyed by the handle passed in: a transaction handle gets its own copy (its statements must
 * run on its connection), and a handle that is dropped takes its queries with it.
 */
export function preparedPer<T>(build: (db: Db) => T): (db: Db) => T {
  const byHandle = new WeakMap<Db, T>();
  return (db) => {
    let query = byHandle.get(db);
    if (!query) {
      query = build(db);
      runNamedOnPglite(query);
      byHandle.set(db, query);
    }
    return query;
  };
}

type Parsers = Record<number, ((value: string, typeId: number) => unknown) | undefined>;

/** The PGlite members used here (public, or the locks its own `query()` takes). */
interface PgliteLike {
  parsers: Parsers;
  serializers: Record<number, ((value: unknown) => string) | undefined>;
  query(text: string, params?: unknown[], options?: unknown): Promise<unknown>;
  execProtocol: PGlite["execProtocol"];
  _runExclusiveTransaction<R>(fn: () => Promise<R>): Promise<R>;
  _runExclusiveQuery<R>(fn: () => Promise<R>): Promise<R>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

function isPglite(v: unknown): v is PgliteLike {
  return (
    isRecord(v) &&
    isRecord(v.parsers) &&
    isRecord(v.serializers) &&
    typeof v.query === "function" &&
    typeof v.execProtocol === "function" &&
    typeof v._runExclusiveTransaction === "function" &&
    typeof v._runExclusiveQuery === "function"
  );
}

/**
 * Statement names must be unique per PGlite instance, and a production build can hold several
 * copies of this module (one per server chunk that imports it), each with its own counter:
 * the count lives on the process instead, so two copies never both name a "concert_1"
 * (PostgreSQL then refuses the second Parse with 42P05, duplicate prepared statement).
 */
const statementCounter: { n: number } = ((
  globalThis as { [key: symbol]: { n: number } | undefined }
)[Symbol.for("concert.preparedStatements")] ??= { n: 0 });

/**
 * Makes a drizzle PGlite prepared query (one with selected fields, run in array mode) run as
 * a named statement: Parse and Describe once, then Bind, Execute and Sync in one call per run.
 * Values are serialised and results parsed exactly as PGlite's `query()` does (its own
 * serialisers by parameter type, its parsers overlaid with drizzle's). It holds PGlite's
 * locks as `query()` does, so it never runs inside someone else's transaction. Anything else
 * (node-postgres, a transaction's handle, drizzle internals other than expected) is left alone.
 */
function runNamedOnPglite(query: unknown): void {
  if (!isRecord(query)) return;
  const client = query.client;
  const config = query.queryConfig;
  const text = query.queryString;
  if (!isPglite(client) || !isRecord(config) || typeof text !== "string") return;
  if (config.rowMode !== "array" || !Array.isArray(query.fields)) return;
  const parsers: Parsers = {
    ...client.parsers,
    ...(isRecord(config.parsers) ? config.parsers : {}),
  };
  const name = `concert_${++statementCounter.n}`;
  let shape: Promise<{ paramTypes: number[]; fieldTypes: number[] }> | null = null;

  const describe = async () => {
    const { messages } = await client.execProtocol(
      concat(
        message("P", cstring(name), cstring(text), int16(0)),
        message("D", new Uint8Array([83]), cstring(name)),
        message("S"),
      ),
    );
    const paramTypes: number[] = [];
    const fieldTypes: number[] = [];
    for (const m of messages) {
      if (m.name === "parameterDescription" && "dataTypeIDs" in m)
        paramTypes.push(...listOf(m.dataTypeIDs).map(typeIdOf));
      if (m.name === "rowDescription" && "fields" in m)
        fieldTypes.push(...listOf(m.fields).map((f) => typeIdOf(isRecord(f) ? f.dataTypeID : 0)));
    }
    return { paramTypes, fieldTypes };
  };

  const run = async (params: unknown[]) => {
    shape ??= describe().catch((err: unknown) => {
      shape = null;
      throw err;
    });
    const { paramTypes, fieldTypes } = await shape;
    const values = params.map((param, i) => {
      if (param === null || param === undefined) return null;
      const serialise = client.serializers[paramTypes[i] ?? 0];
      if (serialise) return serialise(param);
      // As PGlite's query() does for a type it has no serialiser for.
      // eslint-disable-next-line @typescript-eslint/no-base-to-string
      return String(param);
    });
    const { messages } = await client.execProtocol(
      concat(
        message(
          "B",
          cstring(""),
          cstring(name),
          int16(0),
          int16(values.length),
          ...values.flatMap(param),
          int16(0),
        ),
        message("E", cstring(""), int32(0)),
        message("S"),
      ),
    );
    const rows: unknown[][] = [];
    let affectedRows = 0;
    for (const m of messages) {
      if (m.name === "dataRow" && "fields" in m)
        rows.push(listOf(m.fields).map((v, i) => parseValue(v, fieldTypes[i] ?? 0, parsers)));
      if (m.name === "commandComplete" && "text" in m)
        affectedRows = Number(String(m.text).split(" ").at(-1)) || 0;
    }
    return { rows, affectedRows, fields: fieldTypes.map((dataTypeID) => ({ dataTypeID })) };
  };

  query.client = {
    query(sqlText: string, params: unknown[], options: unknown) {
      if (options !== config || sqlText !== text) return client.query(sqlText, params, options);
      return client._runExclusiveTransaction(() =>
        client._runExclusiveQuery(async () => {
          try {
            return await run(params);
          } catch (err) {
            // Dropped on the server (DISCARD, DEALLOCATE): prepare it again, once.
            if (!isRecord(err) || err.code !== "26000") throw err;
            shape = null;
            return run(params);
          }
        }),
      );
    },
  };
}

const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const typeIdOf = (v: unknown): number => (typeof v === "number" ? v : 0);

/** As PGlite's parseType, with its parser table overlaid with drizzle's. */
function parseValue(value: unknown, typeId: number, parsers: Parsers): unknown {
  if (typeof value !== "string") return null;
  const parse = parsers[typeId];
  return parse ? parse(value, typeId) : value;
}

const encoder = new TextEncoder();

function cstring(s: string): Uint8Array {
  const bytes = encoder.encode(s);
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

function int16(n: number): Uint8Array {
  const out = new Uint8Array(2);
  new DataView(out.buffer).setInt16(0, n);
  return out;
}

function int32(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setInt32(0, n);
  return out;
}

/** A Bind parameter: its length and bytes, or -1 for NULL. */
function param(value: string | null): Uint8Array[] {
  if (value === null) return [int32(-1)];
  const bytes = encoder.encode(value);
  return [int32(bytes.length), bytes];
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A frontend protocol message: its type byte, its length (itself included), its body. */
function message(type: string, ...body: Uint8Array[]): Uint8Array {
  const length = body.reduce((n, p) => n + p.length, 4);
  const head = new Uint8Array(5);
  head[0] = type.charCodeAt(0);
  new DataView(head.buffer).setInt32(1, length);
  return concat(head, ...body);
}

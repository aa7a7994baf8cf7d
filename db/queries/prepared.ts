import type { Db } from "../open";

/**
 * A query built and prepared once per database handle, for the hot read paths (every API
 * request resolves a membership, every session poll reads the same two queries). Building
 * a drizzle query and rendering its SQL costs about as much as PGlite running it (measured
 * on bench:load's data: 0.95 ms of CPU unprepared, 0.64 ms prepared, for one small join).
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
      skipUnusedParsers(query);
      byHandle.set(db, query);
    }
    return query;
  };
}

interface PgliteResult {
  fields: { dataTypeID: number }[];
}
interface PgliteClient {
  query(text: string, params: unknown[], config: unknown): Promise<PgliteResult>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

function isPgliteClient(v: unknown): v is PgliteClient {
  return isRecord(v) && typeof v.query === "function" && "parsers" in v && "serializers" in v;
}

/**
 * drizzle hands PGlite its own parsers for dates, times and intervals with every query, and
 * PGlite then copies its whole table of parsers (318 types) into a new object per query:
 * about 0.1 ms of CPU each time, as much as running a small SELECT. A prepared statement's
 * result types are fixed by its SQL text. So the first run keeps drizzle's parsers, and if
 * none of them applies to any result column, later runs go without (nothing to parse
 * differently). A query that returns a date keeps them. Other drivers are left alone.
 */
function skipUnusedParsers(query: unknown): void {
  if (!isRecord(query)) return;
  const client = query.client;
  if (!isPgliteClient(client)) return;
  const configs = ["queryConfig", "rawQueryConfig"].filter((key) => {
    const config = query[key];
    return isRecord(config) && isRecord(config.parsers);
  });
  if (configs.length === 0) return;
  query.client = {
    async query(text: string, params: unknown[], config: unknown) {
      const result = await client.query(text, params, config);
      const key = configs.find((k) => query[k] === config);
      if (key && isRecord(config) && isRecord(config.parsers)) {
        const parsers = config.parsers;
        if (!result.fields.some((f) => Object.hasOwn(parsers, f.dataTypeID)))
          query[key] = { ...config, parsers: undefined };
        configs.splice(configs.indexOf(key), 1);
      }
      // Once every config is settled, the query talks to PGlite directly again.
      if (configs.length === 0) query.client = client;
      return result;
    },
  };
}

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
    if (!query) byHandle.set(db, (query = build(db)));
    return query;
  };
}

import type { Db } from "./client.js";

/**
 * A value built once per database handle, on first use. The hot read paths (who is speaking,
 * a task by number, a page of tasks) keep their prepared statements here, so a request skips
 * drizzle's query building and PostgreSQL's parsing after the first one.
 */
export const oncePerDb = <T>(build: (db: Db) => T): ((db: Db) => T) => {
  const built = new WeakMap<Db, T>();
  return (db) => {
    let value = built.get(db);
    if (value === undefined) {
      value = build(db);
      built.set(db, value);
    }
    return value;
  };
};

import { is } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Db, Executor } from "./client.js";

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

/**
 * A statement with placeholders, prepared once per database handle: `build(db).prepare(name)`.
 * Inside a transaction it is built on the spot (a prepared statement belongs to its handle; a
 * name still lets postgres.js reuse PostgreSQL's parse of it on that connection).
 */
export const preparedPerHandle = <T>(build: (db: Executor) => T): ((db: Executor) => T) => {
  const once = oncePerDb((db) => build(db));
  return (db) => (is(db, PgTransaction) ? build(db) : once(db as Db));
};

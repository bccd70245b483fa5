import { is } from "drizzle-orm";
import { PgPreparedQuery, PgTransaction } from "drizzle-orm/pg-core";
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

/** A transaction's session: drizzle sends its statements through `session.client` (drizzle-orm 0.45). */
interface TxSession {
  constructor: unknown;
  client: unknown;
}
const sessionOf = (tx: Executor): TxSession => (tx as unknown as { session: TxSession }).session;

/** The same prepared statement(s), sent on another connection of the same driver. */
const onClient = <T>(built: T, client: unknown): T => {
  if (is(built, PgPreparedQuery)) return Object.assign(Object.create(built) as T & object, { client });
  if (typeof built !== "object" || built === null)
    throw new Error("preparedPerHandle builds prepared statements");
  return Object.fromEntries(Object.entries(built).map(([k, v]) => [k, onClient(v, client)])) as T;
};

/**
 * Statements with placeholders (`build(db)` returns one `….prepare(name)`, or an object of them),
 * built once per database handle. Inside a transaction drizzle would build them afresh on every
 * call (a prepared statement belongs to its handle): instead the statements built for the first
 * transaction are sent on each later transaction's connection, one set per driver (postgres.js,
 * PGlite). postgres.js keeps a named statement per connection, so PostgreSQL parses it once per
 * connection too. See docs/performance.md.
 */
export const preparedPerHandle = <T>(build: (db: Executor) => T): ((db: Executor) => T) => {
  const once = oncePerDb((db) => build(db));
  const perDriver = new Map<unknown, T>();
  return (db) => {
    if (!is(db, PgTransaction)) return once(db as Db);
    const session = sessionOf(db);
    const built = perDriver.get(session.constructor);
    if (built === undefined) {
      perDriver.set(session.constructor, build(db));
      return perDriver.get(session.constructor) as T;
    }
    return onClient(built, session.client);
  };
};

import { type Column, getTableColumns, is, type Placeholder, type SQL, sql } from "drizzle-orm";
import { PgPreparedQuery, type PgTable, PgTransaction } from "drizzle-orm/pg-core";
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
 * A row limit written into a prepared statement's text, not sent as a parameter. PostgreSQL plans
 * a prepared statement for its values on its first five runs, then keeps one generic plan if that
 * looks no dearer; with `limit $n` it never does for a page read along an index, so every run is
 * planned again: `list`'s page spent 0.3 ms planning 0.1 ms of work (docs/performance.md). drizzle
 * types `limit` as a number or a placeholder and writes an SQL chunk into the statement as it is.
 */
export const literalLimit = (rows: number): Placeholder => {
  if (!Number.isSafeInteger(rows) || rows < 0) throw new Error(`a row limit is a whole number, not ${rows}`);
  return sql.raw(String(rows)) as unknown as Placeholder;
};

/**
 * `column in ('a', 'b')` with the values written into a prepared statement's text: for the code's
 * own constants (a task's open statuses), never for what a person typed — anything but a lower-case
 * word is refused. As with literalLimit, PostgreSQL estimates a list of parameters blindly and
 * planned `list`'s page of open tasks again on every run.
 */
export const inConstants = (column: Column, values: readonly string[]): SQL => {
  const bad = values.find((v) => !/^[a-z_]+$/.test(v));
  if (bad !== undefined || values.length === 0)
    throw new Error(`not a list of constants: ${values.join(", ")}`);
  return sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(", "))})`;
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

/**
 * A placeholder for a column's value in a prepared insert or update (the writes an `assign` sends,
 * docs/performance.md). Its value is encoded when the statement is executed exactly as drizzle
 * encodes a value in a statement it builds per call: through the column's encoder (a Date to ISO
 * text, jsonb to JSON text), null as NULL. A bare `sql.placeholder` in an insert's values goes
 * through the encoder even when null (drizzle 0.45 `fillPlaceholders`): a null timestamp throws, a
 * null jsonb is stored as JSON `null`. An undefined value, which a per-call insert would turn into
 * `default`, is refused: a prepared statement names its columns once.
 */
export const columnPlaceholder = (column: Column, name: string): SQL =>
  sql
    .param(sql.placeholder(name), {
      mapToDriverValue: (value: unknown) => {
        if (value === undefined) throw new Error(`no value for ${name} (undefined)`);
        return value === null ? null : column.mapToDriverValue(value);
      },
    })
    .getSQL();

type InsertRow<T extends PgTable> = T["$inferInsert"];

/** The values a statement built with `columnPlaceholders(table, keys)` takes: every key's, none undefined. */
export type ColumnValues<T extends PgTable, K extends keyof InsertRow<T>> = {
  [P in K]-?: Exclude<InsertRow<T>[P], undefined>;
};

/**
 * `{ key: columnPlaceholder(table.key, key) }` for each key: an insert's values, or an update's set.
 * A column left out that has a `$defaultFn` or `$onUpdate` is refused: drizzle would call it once,
 * when the statement is built, and every execution would write that one value (the same id).
 */
export const columnPlaceholders = <T extends PgTable, K extends keyof InsertRow<T> & string>(
  table: T,
  keys: readonly K[],
): Record<K, SQL> => {
  const columns = getTableColumns(table) as Record<string, Column>;
  const named = new Set<string>(keys);
  for (const [key, column] of Object.entries(columns)) {
    if (!named.has(key) && (column.defaultFn || column.onUpdateFn))
      throw new Error(`${key} has a value made in JavaScript ($defaultFn, $onUpdate): name it`);
  }
  return Object.fromEntries(
    keys.map((key) => {
      const column = columns[key];
      if (!column) throw new Error(`no column ${key}`);
      return [key, columnPlaceholder(column, key)];
    }),
  ) as Record<K, SQL>;
};

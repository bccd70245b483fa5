import { sql } from "drizzle-orm";
import postgres from "postgres";
import { type Database, openDatabase } from "../../db/client.js";
import { migrate } from "../../db/migrate.js";
import { type TestEngine, testDatabaseUrl, testEngine, testRunId, testWorkerId } from "./env.js";

/**
 * One migrated database per test worker, shared by every test file that worker runs (vitest runs with
 * `isolate: false`, so this module's state survives from file to file). tests/support/setup.ts creates
 * it in the worker's first file and empties its tables before every file.
 *
 * - pglite: an in-memory PGlite.
 * - postgres: a scratch database `delegate_test_<run>_<worker>` on TEST_DATABASE_URL's server, dropped and
 *   created on first use in the worker; tests/support/global-setup.ts drops it at the end of the run.
 */
const shared = new Map<TestEngine, Promise<Database>>();
const extraConnections = new Set<Database>();

/** Scratch databases of the test suite all start with this; the rest is `<run>_<worker>[_suffix]`. */
export const SCRATCH_PREFIX = "delegate_test_";

/** The worker's shared, migrated database. Its `close()` does nothing: it lives as long as the worker. */
export const testDatabase = (): Promise<Database> => {
  const engine = testEngine();
  let database = shared.get(engine);
  if (!database) {
    database = engine === "pglite" ? createPglite() : createPostgres();
    shared.set(engine, database);
    // A failed start is retried by the next caller rather than cached.
    database.catch(() => shared.delete(engine));
  }
  return database;
};

const keepOpen = (database: Database): Database => ({ ...database, close: async () => {} });

const createPglite = async (): Promise<Database> => {
  const database = await openDatabase({ engine: "pglite" });
  await migrate(database);
  return keepOpen(database);
};

const createPostgres = async (): Promise<Database> => {
  const { url } = await createScratchDatabase();
  const database = await openDatabase({ engine: "postgres", url, poolSize: 4 });
  try {
    await migrate(database);
  } catch (e) {
    await database.close();
    throw e;
  }
  return keepOpen(database);
};

/** Empties every table (audit_events included: its trigger refuses row deletes, not TRUNCATE). */
export const resetDatabase = async (database: Database): Promise<void> => {
  const tables = await database.query<{ name: string }>(
    "select quote_ident(tablename) as name from pg_tables where schemaname = 'public' order by tablename",
  );
  if (tables.length === 0) return;
  // The audit trail refuses TRUNCATE; replica mode (superuser only) skips triggers for the reset.
  // One transaction, so `set local` holds on the connection that truncates.
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(
      sql.raw(`truncate table ${tables.map((t) => t.name).join(", ")} restart identity cascade`),
    );
  });
};

/**
 * A second, independent connection to the worker's database, for tests of concurrency between
 * sessions or replicas. On PostgreSQL it is a new pool on the same scratch database, closed at the end
 * of the test file (closing it earlier is fine). PGlite serves one connection, so there it is the shared
 * database itself.
 */
export const openSecondConnection = async (options: { poolSize?: number } = {}): Promise<Database> => {
  const database = await testDatabase();
  if (database.target.engine !== "postgres") return database;
  const second = await openDatabase({
    engine: "postgres",
    url: database.target.url,
    poolSize: options.poolSize ?? 4,
  });
  let closed = false;
  const handle: Database = {
    ...second,
    close: async () => {
      if (closed) return;
      closed = true;
      extraConnections.delete(handle);
      await second.close();
    },
  };
  extraConnections.add(handle);
  return handle;
};

/** Closes what openSecondConnection opened during the current file (setup.ts calls it). */
export const closeSecondConnections = async (): Promise<void> => {
  await Promise.all([...extraConnections].map((c) => c.close()));
};

/** `postgres://…/base` → the same server, another database. */
export const withDatabaseName = (url: string, name: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
};

/** Runs statements on TEST_DATABASE_URL's own database (to create and drop scratch databases). */
export const onServer = async <T>(work: (sql: postgres.Sql) => Promise<T>): Promise<T> => {
  const sql = postgres(testDatabaseUrl(), { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
};

/**
 * Drops and creates an empty scratch database on TEST_DATABASE_URL's server, named after this run and
 * worker (plus `suffix`), and returns its URL and a way to drop it.
 */
export const createScratchDatabase = async (
  suffix?: string,
): Promise<{ name: string; url: string; drop: () => Promise<void> }> => {
  const name = `${SCRATCH_PREFIX}${testRunId()}_${testWorkerId()}${suffix ? `_${suffix}` : ""}`;
  if (!/^[a-z0-9_]{1,63}$/.test(name)) throw new Error(`Bad scratch database name ${name}`);
  await onServer(async (sql) => {
    await sql.unsafe(`drop database if exists ${name} with (force)`);
    await sql.unsafe(`create database ${name}`);
  });
  return {
    name,
    url: withDatabaseName(testDatabaseUrl(), name),
    drop: () =>
      onServer(async (sql) => void (await sql.unsafe(`drop database if exists ${name} with (force)`))),
  };
};

import { mkdirSync } from "node:fs";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { type DataDirLock, lockDataDir } from "./data-dir-lock.js";
import * as schema from "./schema.js";
import { guardTransactions } from "./transaction-guard.js";

export type Schema = typeof schema;
/** The drizzle database, whichever engine is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle; inside a transaction use only it. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Anything queries can run on. */
export type Executor = Db | Tx;

export type DatabaseTarget =
  | { engine: "postgres"; url: string; poolSize?: number }
  /** `dataDir` undefined: in memory (tests). */
  | { engine: "pglite"; dataDir?: string };

export interface Database {
  db: Db;
  engine: DatabaseTarget["engine"];
  /** Run raw SQL and get rows, hiding the engines' different result shapes. */
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
  target: DatabaseTarget;
  /** PGlite only: its own drizzle handle, which its migrator needs. */
  embedded?: PgliteDatabase<Schema>;
}

export const openDatabase = async (target: DatabaseTarget): Promise<Database> => {
  if (target.engine === "postgres") {
    const client = postgres(target.url, {
      max: target.poolSize ?? 10,
      onnotice: () => {},
      connect_timeout: 10,
      // Fail fast when the server is down rather than hang a user's request.
      idle_timeout: 30,
      // Reconnect within half a second once PostgreSQL is back: the default backoff grows to 10-20 s
      // (3^failures / 100 s, failures shared by the pool), and every query waits for it.
      backoff: (failures: number) => Math.min(0.05 * 2 ** failures, 0.5),
    });
    // A connection lost mid-transaction must fail the request, not crash the process.
    const db: Db = drizzlePostgres(guardTransactions(client), { schema });
    return {
      db,
      engine: "postgres",
      target,
      query: async <T>(text: string, params: unknown[] = []) =>
        (await client.unsafe(text, params as never[])) as unknown as T[],
      close: () => client.end({ timeout: 5 }),
    };
  }
  let lock: DataDirLock | undefined;
  if (target.dataDir) {
    mkdirSync(target.dataDir, { recursive: true });
    lock = lockDataDir(target.dataDir);
  }
  try {
    // Loaded only for this engine: PGlite's WebAssembly PostgreSQL costs ~45 MB of memory just by
    // being imported, which a server on PostgreSQL should not pay.
    const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([
      import("@electric-sql/pglite"),
      import("drizzle-orm/pglite"),
    ]);
    const client = new PGlite(target.dataDir);
    await client.waitReady;
    const embedded = drizzlePglite(client, { schema });
    const db: Db = embedded;
    return {
      db,
      embedded,
      engine: "pglite",
      target,
      query: async <T>(text: string, params: unknown[] = []) => (await client.query<T>(text, params)).rows,
      close: async () => {
        await client.close();
        lock?.release();
      },
    };
  } catch (e) {
    lock?.release();
    throw e;
  }
};

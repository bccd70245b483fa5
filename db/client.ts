import { mkdirSync } from "node:fs";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { type DataDirLock, lockDataDir } from "./data-dir-lock.js";
import { keepDeadlines } from "./deadline.js";
import { openPglite, refusePastDeadline } from "./pglite.js";
import { watchReachability } from "./reachability.js";
import { guardTransactions } from "./transaction-guard.js";

/**
 * The drizzle database, whichever engine is underneath. It is made without the schema: queries
 * name their tables, and with the schema drizzle builds a relational query builder for every
 * table on every transaction it opens (docs/performance.md, "Capacity work (ninth pass)").
 */
export type Db = PgDatabase<PgQueryResultHKT>;
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
  embedded?: PgliteDatabase;
}

export const openDatabase = async (target: DatabaseTarget): Promise<Database> => {
  if (target.engine === "postgres") {
    const client = postgres(target.url, {
      max: target.poolSize ?? 10,
      onnotice: () => {},
      // Sent in the startup message. PostgreSQL compiles a statement whose estimated cost passes
      // jit_above_cost to machine code on every execution: the outbox's claim, once thousands of
      // notifications wait (a chat platform's outage), cost 300 ms of compiling for 2 ms of work
      // (docs/performance.md, "Capacity work (eighth pass)"). Delegate's statements are short.
      connection: { jit: "off" },
      // A chat request is answered within 2.5 s (src/commands/answer-deadline.ts): a login that takes
      // longer is a server or network that is not there. The default is 30 s.
      connect_timeout: 2,
      idle_timeout: 30,
      // How long a closed connection waits before it connects again (the default grows to 10-20 s:
      // 3^failures / 100 s, failures shared by the pool). A failed attempt fails only the query it
      // was made for, so this paces how fast the queries queued when PostgreSQL went away get
      // their answer; the reachability gate keeps new ones off the pool meanwhile, so there is
      // no stampede to slow down.
      backoff: () => 0.05,
    });
    // Asks whether PostgreSQL answers when the pool has lost a connection, on its own connection.
    const prober = postgres(target.url, {
      max: 1,
      onnotice: () => {},
      connect_timeout: 2,
      idle_timeout: 5,
      fetch_types: false,
      backoff: () => 0,
    });
    // A connection lost mid-transaction must fail the request, not crash the process; while
    // PostgreSQL is unreachable, queries are refused at once instead of queueing.
    const reachability = watchReachability(guardTransactions(client), () => prober`select 1`);
    const db: Db = keepDeadlines(drizzlePostgres(reachability.client));
    return {
      db,
      engine: "postgres",
      target,
      query: async <T>(text: string, params: unknown[] = []) =>
        (await client.unsafe(text, params as never[])) as unknown as T[],
      close: async () => {
        reachability.stop();
        await Promise.all([client.end({ timeout: 5 }), prober.end({ timeout: 1 })]);
      },
    };
  }
  let lock: DataDirLock | undefined;
  if (target.dataDir) {
    mkdirSync(target.dataDir, { recursive: true });
    lock = lockDataDir(target.dataDir);
  }
  try {
    const [client, { drizzle: drizzlePglite }] = await Promise.all([
      openPglite(target.dataDir),
      import("drizzle-orm/pglite"),
    ]);
    const embedded = drizzlePglite(refusePastDeadline(client));
    const db: Db = keepDeadlines(embedded);
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

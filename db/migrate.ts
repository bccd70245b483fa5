import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { Database } from "./client.js";
import { grantRuntimeRole } from "./runtime-role.js";

/** Resolved from the project root, not from wherever this file is compiled to. */
export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "migrations");

/** Arbitrary but fixed: every replica takes the same lock. */
const MIGRATION_LOCK_KEY = 724_110_301;

export interface MigrateOptions {
  /**
   * MIGRATION_DATABASE_URL: migrate as this role (the owner), then grant the runtime role of
   * `database` what it needs and nothing that could change the audit trail (db/runtime-role.ts).
   * Unset: the runtime role migrates, and so owns everything.
   */
  ownerUrl?: string | undefined;
}

/**
 * Apply the committed migrations. On PostgreSQL several replicas may start at once, so
 * the migration runs on one dedicated connection holding a session advisory lock.
 */
export const migrate = async (database: Database, options: MigrateOptions = {}): Promise<void> => {
  if (database.embedded) {
    // PGlite is single-process (a lock file guards the data dir), so no advisory lock.
    // Imported here so that a server on PostgreSQL never loads PGlite's driver.
    const { migrate: migratePglite } = await import("drizzle-orm/pglite/migrator");
    await migratePglite(database.embedded, { migrationsFolder: MIGRATIONS_DIR });
    return;
  }
  if (database.target.engine !== "postgres") throw new Error("unreachable: PGlite without its handle");
  const runtimeRole = options.ownerUrl
    ? (await database.query<{ role: string }>("select current_user as role"))[0]?.role
    : undefined;
  const single = postgres(options.ownerUrl ?? database.target.url, { max: 1, onnotice: () => {} });
  try {
    await single`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    try {
      await migratePostgres(drizzlePostgres(single), { migrationsFolder: MIGRATIONS_DIR });
      const [owner] = await single<{ role: string }[]>`select current_user as role`;
      if (runtimeRole && runtimeRole !== owner?.role) await grantRuntimeRole(single, runtimeRole);
    } finally {
      await single`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    }
  } finally {
    await single.end({ timeout: 5 });
  }
};

const journalEntries = (): number => {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, "meta", "_journal.json"), "utf8")) as {
    entries: unknown[];
  };
  return journal.entries.length;
};

/** For /readyz: the database answers and every committed migration is applied. */
export const migrationsApplied = async (database: Database): Promise<boolean> => {
  const rows = await database.query<{ n: number | string }>(
    "select count(*)::int as n from drizzle.__drizzle_migrations",
  );
  return Number(rows[0]?.n ?? 0) >= journalEntries();
};

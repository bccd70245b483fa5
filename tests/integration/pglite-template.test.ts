import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../db/client.js";
import { migrate, migrationsApplied } from "../../db/migrate.js";
import { templateDir } from "../../db/pglite-template.js";
import { testDatabase } from "../support/test-database.js";

/*
 * Engine-independent (runs once, in the pglite project). `npm run build` (and so `npm start`) makes a
 * migrated PGlite data directory that a fresh DATA_DIR is copied from. Here: the real build step makes
 * the template the current migrations ask for, and a data directory started from it holds exactly the
 * schema that applying every migration gives.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const freshDataDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "delegate-seeded-"));
  dirs.push(dir);
  return join(dir, "data");
};

/** Every object the migrations make, as sorted lines: tables, columns, keys, indexes, triggers, functions. */
const schemaOf = async (database: Database): Promise<string[]> => {
  const rows = await database.query<{ line: string }>(`
    select 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
           || ' ' || coalesce(column_default, '') as line
      from information_schema.columns where table_schema in ('public', 'drizzle')
    union all select 'index ' || indexdef from pg_indexes where schemaname in ('public', 'drizzle')
    union all select 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
      from pg_constraint where connamespace = 'public'::regnamespace
    union all select 'trigger ' || pg_get_triggerdef(oid) from pg_trigger where not tgisinternal
    union all select 'function ' || proname || ' ' || md5(pg_get_functiondef(oid))
      from pg_proc where pronamespace = 'public'::regnamespace
    union all select 'options ' || relname || ' ' || array_to_string(reloptions, ',')
      from pg_class where relnamespace = 'public'::regnamespace and reloptions is not null
    union all select 'migration ' || hash from drizzle.__drizzle_migrations
    order by 1`);
  return rows.map((r) => r.line);
};

describe("the embedded database's template", () => {
  beforeAll(async () => {
    await new Promise<void>((done, fail) =>
      execFile(process.execPath, ["scripts/build.mjs"], { cwd: ROOT }, (error, _stdout, stderr) =>
        error ? fail(new Error(`the build failed: ${stderr || error.message}`)) : done(),
      ),
    );
  }, 120_000); // the first build on a machine makes the template (initdb): ~4 s idle, far more when busy

  it("is made by the build for the current migrations", () => {
    expect(existsSync(join(templateDir(), "PG_VERSION"))).toBe(true);
  });

  it("gives a fresh data directory every migration, the same schema as migrating, and survives a restart", async () => {
    const dataDir = freshDataDir();
    const seeded = await openDatabase({ engine: "pglite", dataDir });
    try {
      // Started from the template, not initialised: the template keeps only the database PGlite opens.
      expect(await seeded.query("select datname from pg_database")).toEqual([{ datname: "postgres" }]);
      expect(await migrationsApplied(seeded)).toBe(true);
      const before = await schemaOf(seeded);
      expect(before.filter((l) => l.startsWith("trigger ")).length).toBeGreaterThan(0);
      expect(before.length).toBeGreaterThan(100);
      await migrate(seeded);
      expect(await schemaOf(seeded)).toEqual(before);
      expect(before).toEqual(await schemaOf(await testDatabase()));
      await seeded.query("insert into firms (name, tz, default_rate) values ('Kept & Co', 'UTC', 300)");
    } finally {
      await seeded.close();
    }
    const reopened = await openDatabase({ engine: "pglite", dataDir });
    try {
      expect(await reopened.query("select name from firms")).toEqual([{ name: "Kept & Co" }]);
    } finally {
      await reopened.close();
    }
  });
});

import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { getTableName, is } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { afterAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR, migrationsApplied } from "../../db/migrate.js";
import * as schema from "../../db/schema.js";
import { testDatabase } from "../support/test-database.js";

/*
 * Engine-independent (runs once, in the pglite project): the committed migrations say exactly what
 * db/schema.ts says, and applying them creates every table of the schema.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const DRIZZLE_KIT = join(ROOT, "node_modules", ".bin", "drizzle-kit");
const SCHEMA = join(ROOT, "db", "schema.ts");

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

const sqlFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort();

/**
 * `drizzle-kit generate` against a copy of migrations/ (it writes there if it finds a difference).
 * drizzle-kit exits 0 even on errors, so callers look at what it printed and wrote.
 */
const generate = async (extraSchema?: string): Promise<{ dir: string; output: string }> => {
  const dir = mkdtempSync(join(tmpdir(), "delegate-schema-check-"));
  temps.push(dir);
  cpSync(MIGRATIONS_DIR, join(dir, "migrations"), { recursive: true });
  const schemas = [SCHEMA];
  if (extraSchema) {
    writeFileSync(join(dir, "extra.ts"), extraSchema);
    schemas.push("./extra.ts");
  }
  // drizzle-kit mishandles an absolute `out` (it prefixes "./"), so it runs in the temp dir.
  writeFileSync(
    join(dir, "drizzle.config.mjs"),
    `export default ${JSON.stringify({ dialect: "postgresql", schema: schemas, out: "./migrations" })};\n`,
  );
  const output = await new Promise<string>((done, fail) => {
    const child = spawn(DRIZZLE_KIT, ["generate", "--config", "drizzle.config.mjs"], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
    });
    let text = "";
    child.stdout.on("data", (b: Buffer) => {
      text += b.toString();
    });
    child.stderr.on("data", (b: Buffer) => {
      text += b.toString();
    });
    child.on("error", fail);
    child.on("close", (code) =>
      code === 0 ? done(text) : fail(new Error(`drizzle-kit exited ${code}:\n${text}`)),
    );
  });
  return { dir: join(dir, "migrations"), output };
};

const schemaTables = (): string[] =>
  Object.values(schema)
    .filter((value) => is(value, PgTable))
    .map((table) => getTableName(table as PgTable))
    .sort();

describe("committed migrations", () => {
  it("agree with db/schema.ts: drizzle-kit generate has nothing to add", async () => {
    // The control run adds a table, to prove the check notices a schema the migrations lack.
    const canary = `import { integer, pgTable } from ${JSON.stringify(join(ROOT, "node_modules/drizzle-orm/pg-core/index.cjs"))};
export const canary = pgTable("schema_check_canary", { id: integer("id") });
`;
    const [current, control] = await Promise.all([generate(), generate(canary)]);

    expect(current.output).toMatch(/No schema changes, nothing to migrate/);
    expect(current.output).not.toMatch(/error/i);
    expect(sqlFiles(current.dir)).toEqual(sqlFiles(MIGRATIONS_DIR));
    expect(readFileSync(join(current.dir, "meta", "_journal.json"), "utf8")).toBe(
      readFileSync(join(MIGRATIONS_DIR, "meta", "_journal.json"), "utf8"),
    );

    expect(control.output).not.toMatch(/nothing to migrate/);
    const added = sqlFiles(control.dir).filter((f) => !sqlFiles(MIGRATIONS_DIR).includes(f));
    expect(added).toHaveLength(1);
    expect(readFileSync(join(control.dir, added[0] ?? ""), "utf8")).toMatch(
      /CREATE TABLE "schema_check_canary"/,
    );
  }, 60_000); // two drizzle-kit processes: ~1.5 s on an idle machine

  it("create every table of the schema, and record themselves as applied", async () => {
    const database = await testDatabase();
    const tables = await database.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
    );
    const existing = tables.map((t) => t.table_name);
    const expected = schemaTables();
    expect(expected.length).toBeGreaterThanOrEqual(15);
    expect(existing).toEqual(expect.arrayContaining(expected));
    expect(await migrationsApplied(database)).toBe(true);
  });

  it("install the append-only and chaining triggers on audit_events", async () => {
    const database = await testDatabase();
    const triggers = await database.query<{ trigger_name: string; event_manipulation: string }>(
      `select trigger_name, event_manipulation from information_schema.triggers
       where event_object_table = 'audit_events' order by event_manipulation`,
    );
    expect(triggers).toEqual([
      { trigger_name: "audit_events_append_only", event_manipulation: "DELETE" },
      { trigger_name: "audit_events_chain", event_manipulation: "INSERT" },
      { trigger_name: "audit_events_append_only", event_manipulation: "UPDATE" },
    ]);
  });
});

import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR } from "../../db/migrate.js";
import { seedFromTemplate, templateKey } from "../../db/pglite-template.js";

/*
 * The template a fresh PGlite data directory is copied from (db/pglite-template.ts): which template
 * the current sources ask for, and how a data directory is filled. Files only, no database: that the
 * build's template is a correctly migrated database is tests/integration/pglite-template.test.ts.
 */
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "delegate-template-"));
  temps.push(dir);
  return dir;
};

describe("templateKey: a template is named by the migrations it holds", () => {
  const copyOfMigrations = (): string => {
    const dir = join(tempDir(), "migrations");
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    return dir;
  };
  const firstSql = (dir: string): string => {
    const name = readdirSync(dir).find((f) => f.endsWith(".sql"));
    if (!name) throw new Error("no migration");
    return join(dir, name);
  };

  it("is the same for the same migrations", () => {
    expect(templateKey(copyOfMigrations())).toBe(templateKey());
  });

  it("changes when a migration's SQL changes", () => {
    const dir = copyOfMigrations();
    appendFileSync(firstSql(dir), "\n-- one more line\n");
    expect(templateKey(dir)).not.toBe(templateKey());
  });

  it("changes when a migration is added", () => {
    const dir = copyOfMigrations();
    writeFileSync(join(dir, "9999_later.sql"), "select 1;\n");
    expect(templateKey(dir)).not.toBe(templateKey());
  });

  it("changes when the journal changes", () => {
    const dir = copyOfMigrations();
    const journal = join(dir, "meta", "_journal.json");
    writeFileSync(journal, readFileSync(journal, "utf8").replace(/"when":\s*(\d)/, '"when": 1$1'));
    expect(templateKey(dir)).not.toBe(templateKey());
  });
});

describe("seedFromTemplate", () => {
  /** A stand-in template: a few files and folders, PG_VERSION among them. */
  const fakeTemplate = (): string => {
    const dir = join(tempDir(), "template");
    mkdirSync(join(dir, "base", "5"), { recursive: true });
    writeFileSync(join(dir, "PG_VERSION"), "18\n");
    writeFileSync(join(dir, "postgresql.conf"), "shared_buffers = 128MB\n");
    writeFileSync(join(dir, "base", "5", "1259"), "catalog pages");
    return dir;
  };
  const files = (dir: string): string[] => readdirSync(dir, { recursive: true }).map(String).sort();

  it("fills an empty data directory, or one holding only its lock, and leaves the template alone", () => {
    const template = fakeTemplate();
    const empty = join(tempDir(), "data");
    mkdirSync(empty);
    expect(seedFromTemplate(empty, template)).toBe(true);
    expect(files(empty)).toEqual(files(template));

    const locked = join(tempDir(), "data");
    mkdirSync(locked);
    writeFileSync(join(locked, "delegate.lock"), "123");
    expect(seedFromTemplate(locked, template)).toBe(true);
    expect(files(locked)).toEqual([...files(template), "delegate.lock"].sort());

    // The copies are copies: writing to one changes neither the template nor the other.
    writeFileSync(join(empty, "base", "5", "1259"), "written by the server");
    expect(readFileSync(join(template, "base", "5", "1259"), "utf8")).toBe("catalog pages");
    expect(readFileSync(join(locked, "base", "5", "1259"), "utf8")).toBe("catalog pages");
  });

  it("leaves alone a directory that already holds a database, or anything else", () => {
    const template = fakeTemplate();
    const database = join(tempDir(), "data");
    mkdirSync(database);
    writeFileSync(join(database, "PG_VERSION"), "18\n");
    expect(seedFromTemplate(database, template)).toBe(false);
    expect(files(database)).toEqual(["PG_VERSION"]);

    const foreign = join(tempDir(), "data");
    mkdirSync(foreign);
    writeFileSync(join(foreign, "notes.txt"), "mine");
    expect(seedFromTemplate(foreign, template)).toBe(false);
    expect(files(foreign)).toEqual(["notes.txt"]);
  });

  it("does nothing without a template (a fresh data directory is then initialised by PGlite)", () => {
    const dataDir = join(tempDir(), "data");
    mkdirSync(dataDir);
    expect(seedFromTemplate(dataDir, join(tempDir(), "no-template"))).toBe(false);
    expect(files(dataDir)).toEqual([]);
  });

  it("redoes a copy that was cut short, keeping the lock", () => {
    const template = fakeTemplate();
    const dataDir = join(tempDir(), "data");
    mkdirSync(join(dataDir, "base"), { recursive: true });
    writeFileSync(join(dataDir, "delegate.lock"), "123");
    writeFileSync(join(dataDir, "delegate.seeding"), "");
    writeFileSync(join(dataDir, "base", "half-written"), "");
    expect(seedFromTemplate(dataDir, template)).toBe(true);
    expect(files(dataDir)).toEqual([...files(template), "delegate.lock"].sort());
    expect(readFileSync(join(dataDir, "delegate.lock"), "utf8")).toBe("123");
  });

  it("finishes a copy that was stopped after its last file", () => {
    const template = fakeTemplate();
    const dataDir = join(tempDir(), "data");
    cpSync(template, dataDir, { recursive: true });
    writeFileSync(join(dataDir, "delegate.seeding"), "");
    expect(seedFromTemplate(dataDir, template)).toBe(false);
    expect(existsSync(join(dataDir, "delegate.seeding"))).toBe(false);
    expect(files(dataDir)).toEqual(files(template));
  });
});

import { createHash } from "node:crypto";
import { copyFileSync, cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { LOCK_FILE } from "./data-dir-lock.js";
import { MIGRATIONS_DIR } from "./migrate.js";

/*
 * A fresh PGlite data directory costs ~3.5 s of initdb (PGlite runs it in a second, temporary
 * PostgreSQL) before the migrations run, and leaves that temporary instance's memory behind. The build
 * (scripts/build.mjs) therefore makes one migrated data directory, the template, and a fresh data
 * directory starts as a copy of it: a plain file copy, then the usual reopen. See
 * docs/embedded-database.md.
 */

/** build/ at the top of the project, seen from db/ (the sources) or from build/ (the bundle) alike. */
export const BUILD_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "build");

/** Raise it when what a template holds changes in a way its inputs below do not show. */
const TEMPLATE_FORMAT = 1;

/** Written before a copy starts and removed after its last file: a copy cut short is ours to redo. */
const SEEDING_MARKER = "delegate.seeding";
/** PGlite takes a directory holding this file for a database, so it is copied last. */
const DATABASE_MARKER = "PG_VERSION";

const packageVersion = (name: string): string => {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve(name));
  for (;;) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === name && pkg.version) return pkg.version;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json for ${name}`);
    dir = up;
  }
};

/**
 * Names a template by everything that decides its contents: the versions of PGlite (its PostgreSQL and
 * on-disk format) and of drizzle-orm (its migrations table), and every file the migrator reads. A
 * template is only ever looked up under the name the current sources give, so a stale one is never
 * used: a changed or added migration names another template, and until the build makes it a fresh
 * data directory is initialised the slow way.
 */
export const templateKey = (migrationsDir = MIGRATIONS_DIR): string => {
  const hash = createHash("sha256").update(`format ${TEMPLATE_FORMAT}\n`);
  for (const name of ["@electric-sql/pglite", "drizzle-orm"])
    hash.update(`${name}@${packageVersion(name)}\n`);
  const sql = readdirSync(migrationsDir).filter((f) => f.endsWith(".sql"));
  for (const file of ["meta/_journal.json", ...sql.sort()]) {
    const content = readFileSync(join(migrationsDir, file));
    hash.update(`${file} ${content.length}\n`).update(content);
  }
  return hash.digest("hex").slice(0, 16);
};

/** The template directory for `key` (the current sources' by default), made by the build. */
export const templateDir = (key = templateKey()): string => join(BUILD_DIR, `pgdata-${key}`);

/**
 * Fills `dataDir` from the template when it holds no database yet and nothing but Delegate's own
 * files (its lock, a copy cut short); returns whether it did. A directory with anything else in it,
 * or no template for the current migrations, is left to PGlite as it is.
 */
export const seedFromTemplate = (dataDir: string, template = templateDir()): boolean => {
  const entries = readdirSync(dataDir);
  const marker = join(dataDir, SEEDING_MARKER);
  if (entries.includes(DATABASE_MARKER)) {
    // A copy that completed but was stopped before it removed its marker.
    if (entries.includes(SEEDING_MARKER)) rmSync(marker);
    return false;
  }
  if (!existsSync(template)) return false;
  if (entries.includes(SEEDING_MARKER)) {
    for (const name of entries) {
      if (name !== LOCK_FILE && name !== SEEDING_MARKER) rmSync(join(dataDir, name), { recursive: true });
    }
  } else if (entries.some((name) => name !== LOCK_FILE)) {
    return false;
  }
  writeFileSync(marker, "");
  for (const name of readdirSync(template)) {
    if (name !== DATABASE_MARKER) cpSync(join(template, name), join(dataDir, name), { recursive: true });
  }
  copyFileSync(join(template, DATABASE_MARKER), join(dataDir, DATABASE_MARKER));
  rmSync(marker);
  return true;
};

import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { openDatabase } from "./client.js";
import { isAlive } from "./data-dir-lock.js";
import { migrate } from "./migrate.js";
import { BUILD_DIR, templateDir } from "./pglite-template.js";

/**
 * The build's last step (scripts/build.mjs): makes build/pgdata-<key>, a PGlite data directory with
 * every migration applied, unless the current sources' template is already there. Resolves with
 * whether it made one. Several builds may run at once (replicas started together): each works in a
 * directory of its own and the first to finish renames it into place.
 */
export const ensurePgliteTemplate = async (): Promise<{ dir: string; made: boolean }> => {
  const dir = templateDir();
  if (existsSync(dir)) return { dir, made: false };
  const work = `${dir}.${process.pid}.tmp`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    const database = await openDatabase({ engine: "pglite", dataDir: work });
    try {
      await migrate(database);
      // Delegate uses only the database PGlite opens ("postgres"). initdb also makes template0 and
      // template1, for CREATE DATABASE, which PGlite's single session never runs: without them a
      // fresh data directory is 470 files instead of 1,070, and creating a file is what its copy
      // spends its time on.
      for (const name of ["template0", "template1"]) {
        await database.query(`alter database ${name} is_template false`);
        await database.query(`drop database ${name}`);
      }
    } finally {
      await database.close();
    }
    renameSync(work, dir);
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    // Another build made the same template first.
    if (existsSync(dir)) return { dir, made: false };
    throw e;
  }
  // Templates of earlier migrations, and the work of builds that died.
  for (const name of readdirSync(BUILD_DIR)) {
    if (!name.startsWith("pgdata-") || name === basename(dir)) continue;
    const pid = /\.(\d+)\.tmp$/.exec(name)?.[1];
    if (pid && isAlive(Number(pid))) continue;
    rmSync(join(BUILD_DIR, name), { recursive: true, force: true });
  }
  return { dir, made: true };
};

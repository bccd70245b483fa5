import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { resolve } from "node:path";

/** The lock file's name inside the data directory. */
export const LOCK_FILE = "delegate.lock";

/**
 * PGlite lets two processes open one data directory and then corrupts it. A lock file
 * holding the owner's pid refuses the second process; a lock left by a dead process is
 * taken over.
 */
export interface DataDirLock {
  release(): void;
}

export class DataDirBusyError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database in ${dataDir} is in use by another Delegate process (pid ${pid}). ` +
        "Stop it first, use another DATA_DIR, or set DATABASE_URL to share a PostgreSQL server.",
    );
    this.name = "DataDirBusyError";
  }
}

/** Whether a process with this pid exists (EPERM: it does, under another user). */
export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** Directories this process holds: a second open here is refused too, not taken over. */
const held = new Set<string>();

export const lockDataDir = (dataDir: string): DataDirLock => {
  const path = resolve(dataDir, LOCK_FILE);
  if (held.has(path)) throw new DataDirBusyError(dataDir, process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      held.add(path);
      return {
        release: () => {
          held.delete(path);
          rmSync(path, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const pid = Number.parseInt(readFileSync(path, "utf8"), 10);
      if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid))
        throw new DataDirBusyError(dataDir, pid);
      rmSync(path, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
};

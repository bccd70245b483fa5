import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client.js";
import { DataDirBusyError } from "../../db/data-dir-lock.js";
import { testDatabase } from "../support/test-database.js";

/*
 * Engine-independent (runs once, in the pglite project). PGlite lets two processes open one data dir and
 * then corrupts it; the lock file must refuse the second *process*. So the first holder here is a real
 * child process running db/client.ts through tsx.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const CLIENT = pathToFileURL(join(ROOT, "db", "client.ts")).href;

const dirs: string[] = [];
const children: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "delegate-lock-"));
  dirs.push(dir);
  return dir;
};

/*
 * Initialising a PGlite data dir costs ~6 s, loading a dump of the worker's (already started) in-memory
 * database ~2.5 s, reopening a data dir under 1 s. So one template is made from a dump, with the row the
 * tests look for, and each test works on its own copy.
 */
let template = "";
beforeAll(async () => {
  // drizzle keeps the PGlite instance as `$client` (db/client.ts types `embedded` without it).
  const shared = ((await testDatabase()).embedded as { $client?: PGlite } | undefined)?.$client;
  if (!shared) throw new Error("the pglite project's test database has no PGlite client");
  template = join(tempDir(), "template");
  mkdirSync(template);
  const seeded = new PGlite(template, { loadDataDir: await shared.dumpDataDir("none") });
  await seeded.query("create table held (note text)");
  await seeded.query("insert into held values ('written before the test')");
  await seeded.close();
});

const tempDataDir = (): string => {
  const dataDir = join(tempDir(), "data");
  cpSync(template, dataDir, { recursive: true });
  return dataDir;
};

const lockFile = (dataDir: string): string => join(dataDir, "delegate.lock");

/** Opens `dataDir` in a child process, writes a row, and holds it until told "close" on stdin. */
const holdInChild = async (dataDir: string): Promise<ChildProcessWithoutNullStreams> => {
  const script = `
    const { openDatabase } = await import(${JSON.stringify(CLIENT)});
    const database = await openDatabase({ engine: "pglite", dataDir: ${JSON.stringify(dataDir)} });
    await database.query("insert into held values ('written by the first process')");
    const finish = async () => { await database.close(); process.stdout.write("closed\\n"); process.exit(0); };
    process.stdin.on("data", (d) => { if (String(d).includes("close")) void finish(); });
    process.stdin.on("end", () => void finish());
    process.stdout.write("ready\\n");
  `;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.push(child);
  await waitForLine(child, "ready");
  return child;
};

const waitForLine = (child: ChildProcessWithoutNullStreams, line: string): Promise<void> =>
  new Promise((done, fail) => {
    let out = "";
    let err = "";
    const onExit = (code: number | null) =>
      fail(new Error(`child exited (${code}) before "${line}":\n${out}\n${err}`));
    child.stderr.on("data", (b: Buffer) => {
      err += b.toString();
    });
    child.stdout.on("data", (b: Buffer) => {
      out += b.toString();
      if (out.split("\n").includes(line)) {
        child.off("exit", onExit);
        done();
      }
    });
    child.once("exit", onExit);
  });

const exited = (child: ChildProcessWithoutNullStreams): Promise<number | null> =>
  child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((done) => child.once("exit", done));

/** The pid of a process that has come and gone. */
const deadPid = async (): Promise<number> => {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  const pid = child.pid;
  await new Promise((done) => child.once("exit", done));
  if (pid === undefined) throw new Error("no pid");
  return pid;
};

/** Each test starts a child process: generous on a busy machine, ~3 s on an idle one. */
const SLOW = 60_000;

describe("PGlite data dir lock", () => {
  it(
    "refuses a second process while the first holds the data dir, and lets it in after close",
    async () => {
      const dataDir = tempDataDir();
      const holder = await holdInChild(dataDir);
      expect(readFileSync(lockFile(dataDir), "utf8")).toBe(String(holder.pid));

      const refused = await openDatabase({ engine: "pglite", dataDir }).then(
        async (database) => {
          await database.close();
          return undefined;
        },
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(DataDirBusyError);
      const message = (refused as Error).message;
      expect(message).toMatch(/in use by another Delegate process/);
      expect(message).toContain(`pid ${holder.pid}`);
      expect(message).toContain(dataDir);
      // The refusal left the holder's lock alone.
      expect(readFileSync(lockFile(dataDir), "utf8")).toBe(String(holder.pid));

      holder.stdin.write("close\n");
      expect(await exited(holder)).toBe(0);
      expect(existsSync(lockFile(dataDir))).toBe(false);

      const database = await openDatabase({ engine: "pglite", dataDir });
      try {
        expect(readFileSync(lockFile(dataDir), "utf8")).toBe(String(process.pid));
        expect(await database.query<{ note: string }>("select note from held order by note desc")).toEqual([
          { note: "written by the first process" },
          { note: "written before the test" },
        ]);
      } finally {
        await database.close();
      }
      expect(existsSync(lockFile(dataDir))).toBe(false);
    },
    SLOW,
  );

  it(
    "takes over a stale lock left by a process that is gone",
    async () => {
      const dataDir = tempDataDir();
      const dead = await deadPid();
      writeFileSync(lockFile(dataDir), String(dead));

      const database = await openDatabase({ engine: "pglite", dataDir });
      try {
        expect(readFileSync(lockFile(dataDir), "utf8")).toBe(String(process.pid));
        expect(await database.query<{ note: string }>("select note from held")).toEqual([
          { note: "written before the test" },
        ]);
      } finally {
        await database.close();
      }
      expect(existsSync(lockFile(dataDir))).toBe(false);
    },
    SLOW,
  );
});

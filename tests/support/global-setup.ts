import { onServer, SCRATCH_PREFIX } from "./test-database.js";

/*
 * Global setup of the postgres project, run in vitest's main process (whose pid names this run's
 * scratch databases, see vitest.config.ts). Before the run it drops scratch databases left by runs whose
 * process is gone (a crash, a ^C); after the run it drops this run's own.
 */
const scratchDatabases = (): Promise<{ name: string; run: number }[]> =>
  onServer(async (sql) => {
    const rows = await sql<{ datname: string }[]>`
      select datname from pg_database where datname like ${`${SCRATCH_PREFIX}%`}`;
    return rows.flatMap(({ datname }) => {
      const run = /^delegate_test_(\d+)_/.exec(datname)?.[1];
      return run ? [{ name: datname, run: Number(run) }] : [];
    });
  });

const drop = (names: string[]): Promise<void> =>
  onServer(async (sql) => {
    for (const name of names) await sql.unsafe(`drop database if exists "${name}" with (force)`);
  });

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** Login roles some tests create (tests/integration/database-roles.test.ts), named like the databases. */
const scratchRoles = (): Promise<{ name: string; run: number }[]> =>
  onServer(async (sql) => {
    const rows = await sql<{ rolname: string }[]>`
      select rolname from pg_roles where rolname like ${`${SCRATCH_PREFIX}%`}`;
    return rows.flatMap(({ rolname }) => {
      const run = /^delegate_test_(\d+)_/.exec(rolname)?.[1];
      return run ? [{ name: rolname, run: Number(run) }] : [];
    });
  });

const dropRoles = (names: string[]): Promise<void> =>
  onServer(async (sql) => {
    for (const name of names) await sql.unsafe(`drop role if exists "${name}"`);
  });

export async function setup(): Promise<void> {
  const stale = (await scratchDatabases()).filter((d) => d.run !== process.pid && !isAlive(d.run));
  await drop(stale.map((d) => d.name));
  const staleRoles = (await scratchRoles()).filter((r) => r.run !== process.pid && !isAlive(r.run));
  await dropRoles(staleRoles.map((r) => r.name));
}

export async function teardown(): Promise<void> {
  const own = (await scratchDatabases()).filter((d) => d.run === process.pid);
  await drop(own.map((d) => d.name));
  await dropRoles((await scratchRoles()).filter((r) => r.run === process.pid).map((r) => r.name));
}

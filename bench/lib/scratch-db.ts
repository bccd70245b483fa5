import postgres from "postgres";

export const DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/** The server the bench may use: BENCH_DATABASE_URL, else the local one. Loopback only. */
export const adminUrl = (): string => {
  const url = process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL;
  const host = new URL(url).hostname;
  // The bench hammers the server and drops databases: refuse anything that is not this machine.
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`BENCH_DATABASE_URL must point at loopback (127.0.0.1), not ${host}`);
  }
  return url;
};

export const withDatabase = (url: string, name: string): string => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

/** Scratch database names all start with this, so a cleanup can never touch anything else. */
export const SCRATCH_PREFIX = "delegate_bench";

const admin = async <T>(url: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> => {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
};

/** Drop (if left over from an earlier run) and create a scratch database; returns its URL. */
export const createScratchDatabase = async (name: string): Promise<string> => {
  if (!name.startsWith(SCRATCH_PREFIX) || !/^[a-z0-9_]+$/.test(name))
    throw new Error(`bad scratch name ${name}`);
  const url = adminUrl();
  await admin(url, async (sql) => {
    await sql.unsafe(`drop database if exists ${name} with (force)`);
    await sql.unsafe(`create database ${name}`);
  });
  return withDatabase(url, name);
};

export const dropScratchDatabase = async (name: string): Promise<void> => {
  if (!name.startsWith(SCRATCH_PREFIX) || !/^[a-z0-9_]+$/.test(name))
    throw new Error(`bad scratch name ${name}`);
  await admin(adminUrl(), (sql) => sql.unsafe(`drop database if exists ${name} with (force)`));
};

export const postgresVersion = async (): Promise<string> =>
  admin(adminUrl(), async (sql) => {
    const rows = await sql<{ v: string }[]>`select current_setting('server_version') as v`;
    return rows[0]?.v ?? "unknown";
  });

/**
 * Counts the PostgreSQL backends serving the bench's scratch databases (and this look-up's own)
 * as the bench's processes, for the outside-load figure (bench/lib/load.ts). Returns a closer.
 */
export const watchOurBackends = (onPids: (fn: () => Promise<number[]>) => void): (() => Promise<void>) => {
  const sql = postgres(adminUrl(), { max: 1, onnotice: () => {}, connect_timeout: 10, idle_timeout: 0 });
  onPids(async () => {
    const rows = await sql<{ pid: number }[]>`
      select pid from pg_stat_activity
      where datname like ${`${SCRATCH_PREFIX}%`} or pid = pg_backend_pid()`;
    return rows.map((r) => r.pid);
  });
  return () => sql.end({ timeout: 2 });
};

/**
 * Which database engine this test worker runs against. vitest.config.ts sets DELEGATE_TEST_ENGINE per
 * project: "pglite" (always) and "postgres" (only when TEST_DATABASE_URL is set).
 */
export type TestEngine = "pglite" | "postgres";

export const testEngine = (): TestEngine => {
  const value = process.env.DELEGATE_TEST_ENGINE?.trim();
  if (value === undefined || value === "" || value === "pglite") return "pglite";
  if (value === "postgres") return "postgres";
  throw new Error(`DELEGATE_TEST_ENGINE must be "pglite" or "postgres", not ${JSON.stringify(value)}`);
};

/** The PostgreSQL server tests create their scratch databases through (postgres project only). */
export const testDatabaseUrl = (): string => {
  const url = process.env.TEST_DATABASE_URL?.trim();
  if (!url) throw new Error("TEST_DATABASE_URL is not set: the postgres test project needs it");
  return url;
};

/**
 * Identifies this vitest run (the main process's pid, set by vitest.config.ts), so that two runs against
 * one server never share a scratch database. Falls back to the parent pid, which is the same process.
 */
export const testRunId = (): string => process.env.DELEGATE_TEST_RUN?.trim() || String(process.ppid);

/** 1…maxWorkers, unique among the workers running at the same time. */
export const testWorkerId = (): string => process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? "0";

import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

/*
 * `npm test` runs:
 * - project "unit": tests/unit/**, which need no database, once;
 * - project "pglite": every other test file under tests/ (integration, e2e, and contract: the one suite every
 *   chat adapter passes), on an in-memory PGlite per worker;
 * - project "postgres", only when TEST_DATABASE_URL is set: the same files again, each worker on its own
 *   scratch database created through that server (tests/support/test-database.ts).
 * Test files reach the database through `testDatabase()` and learn the engine from `testEngine()`.
 */

/** Engine-independent checks: run once, in the pglite project. */
const ENGINE_INDEPENDENT = [
  "tests/integration/schema-migrations.test.ts",
  "tests/integration/data-dir-lock.test.ts",
  "tests/integration/pglite-template.test.ts",
  "tests/e2e/start-up-failures.test.ts",
  "tests/e2e/npm-start-signals.test.ts",
  "tests/e2e/console-demo-sandbox.test.ts",
  // Renderer output checked against platform schemas and limits: the views are the same on both engines.
  "tests/conformance/*.test.ts",
];
/** Need a real PostgreSQL server: run only in the postgres project. */
const POSTGRES_ONLY = [
  "tests/integration/migrate-concurrency.test.ts",
  "tests/integration/scheduler-replicas.test.ts",
  "tests/integration/database-outage.test.ts",
  "tests/integration/transaction-reservation.test.ts",
  "tests/integration/cached-plans.test.ts",
  "tests/integration/audit-chain-concurrency.test.ts",
  "tests/integration/database-roles.test.ts",
  "tests/e2e/start-up-failures-postgres.test.ts",
];

const UNIT = ["tests/unit/**/*.test.ts"];
const DATABASE_TESTS = ["tests/**/*.test.ts"];

const postgresUrl = process.env.TEST_DATABASE_URL?.trim() || undefined;
/** Names this run's PostgreSQL scratch databases; global-setup.ts (same process) drops them at the end. */
const runId = String(process.pid);

const databaseProject = (
  engine: "pglite" | "postgres",
  skip: string[],
  extra: NonNullable<TestProjectInlineConfiguration["test"]> = {},
): TestProjectInlineConfiguration => ({
  extends: true,
  test: {
    name: engine,
    include: DATABASE_TESTS,
    exclude: [...configDefaults.exclude, ...UNIT, ...skip],
    setupFiles: ["tests/support/setup.ts"],
    ...extra,
    env: { DELEGATE_TEST_ENGINE: engine, ...extra.env },
  },
});

export default defineConfig({
  test: {
    pool: "forks",
    // Two cores. Each worker holds one database (an in-memory PGlite costs ~0.4 GB and ~3 s to start and
    // migrate), shared by all the files it runs: hence no isolation between files.
    maxWorkers: 2,
    isolate: false,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    teardownTimeout: 20_000,
    projects: [
      { extends: true, test: { name: "unit", include: UNIT } },
      databaseProject("pglite", POSTGRES_ONLY),
      ...(postgresUrl
        ? [
            databaseProject("postgres", ENGINE_INDEPENDENT, {
              globalSetup: ["tests/support/global-setup.ts"],
              env: { TEST_DATABASE_URL: postgresUrl, DELEGATE_TEST_RUN: runId },
            }),
          ]
        : []),
    ],
  },
});

import { afterAll, beforeAll } from "vitest";
import { closeSecondConnections, resetDatabase, testDatabase } from "./test-database.js";

/*
 * Runs before every test file of the pglite and postgres projects. With `isolate: false` the worker's
 * database outlives each file, so each file starts by emptying it. The worker's first file also creates
 * it here, in a hook (hookTimeout 60 s), not inside a test (testTimeout 20 s): a cold PGlite with
 * migrations takes 3–4 s on an idle machine and several times that on a busy one.
 */
beforeAll(async () => {
  await resetDatabase(await testDatabase());
});

afterAll(async () => {
  await closeSecondConnections();
});

import type { PGlite } from "@electric-sql/pglite";
import { pastDeadline } from "./deadline.js";
import { seedFromTemplate } from "./pglite-template.js";

/*
 * The embedded engine: PostgreSQL compiled to WebAssembly, in this process. What it costs and why
 * these settings: docs/embedded-database.md.
 */

/**
 * Added to PGlite's own start parameters (`-c name=value`, not written to postgresql.conf, so a data
 * directory opened by an older or newer build keeps its own files as they are).
 *
 * shared_buffers: initdb writes PostgreSQL's default of 128 MB, and in WebAssembly that memory is
 * allocated and zeroed at start, so the process holds all of it from the first second (~150 MB of
 * resident memory more than with 16 MB). A small firm's working set is a few MB, and pages that do not
 * fit are read back from the operating system's file cache.
 */
const SETTINGS = ["shared_buffers=16MB"];

/**
 * Opens PGlite on `dataDir` (created by the caller; undefined: in memory). A data directory without a
 * database is first filled from the pre-initialised, migrated template the build made, if there is
 * one for the current migrations: that skips initdb, ~3 s of a fresh start.
 */
export const openPglite = async (dataDir: string | undefined): Promise<PGlite> => {
  // Loaded only for this engine: PGlite's WebAssembly PostgreSQL costs ~45 MB of memory just by
  // being imported, which a server on PostgreSQL should not pay.
  const { PGlite } = await import("@electric-sql/pglite");
  if (dataDir) seedFromTemplate(dataDir);
  const client = new PGlite({
    ...(dataDir ? { dataDir } : {}),
    startParams: [...PGlite.defaultStartParams, ...SETTINGS.flatMap((s) => ["-c", s])],
  });
  await client.waitReady;
  return client;
};

/**
 * The client drizzle is given: it refuses a statement of a request that has already been answered
 * (db/deadline.ts), in a transaction or not, as db/reachability.ts and db/transaction-guard.ts do
 * on PostgreSQL. Without it, a write sent after the answer "nothing was changed" was applied.
 */
export const refusePastDeadline = <T extends object>(client: T): T =>
  new Proxy(client, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      // PGlite keeps its state in private fields: its methods must run on the client itself.
      const method = value.bind(target) as (...args: unknown[]) => unknown;
      if (prop === "query" || prop === "exec")
        return (...args: unknown[]) => {
          const refused = pastDeadline();
          return refused ? Promise.reject(refused) : method(...args);
        };
      if (prop === "transaction")
        return (work: (tx: object) => unknown) => method((tx: object) => work(refusePastDeadline(tx)));
      return method;
    },
  });

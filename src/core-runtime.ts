import type { Server } from "node:http";
import type { Logger } from "pino";
import { type Database, openDatabase } from "../db/client.js";
import { migrate, migrationsApplied } from "../db/migrate.js";
import { auditProtection } from "../db/runtime-role.js";
import { type Core, createCore } from "./commands/dispatch.js";
import type { Config } from "./config.js";
import { createHttpServer, type HttpLimits, listen, type Readiness, type Route } from "./http/http-server.js";
import { parkedCount } from "./notify/deliver.js";
import { type Clock, type Deps, systemClock } from "./services/deps.js";

export interface App {
  database: Database;
  deps: Deps;
  core: Core;
  server: Server;
  port: number;
  stop(): Promise<void>;
}

export const databaseTarget = (config: Config) =>
  config.DATABASE_URL
    ? ({ engine: "postgres", url: config.DATABASE_URL } as const)
    : ({ engine: "pglite", dataDir: config.DATA_DIR } as const);

export const readiness = async (database: Database): Promise<Readiness> => {
  try {
    const migrated = await migrationsApplied(database);
    // Parked notifications do not make the process unready (retrying cannot help them), but
    // monitoring should see them: an admin lists them with `outbox`.
    const parked = migrated ? await parkedCount(database.db) : 0;
    return {
      ready: migrated,
      details: {
        database: "ok",
        migrations: migrated ? "applied" : "pending",
        engine: database.engine,
        parkedNotifications: parked,
      },
    };
  } catch {
    return { ready: false, details: { database: "unreachable", engine: database.engine } };
  }
};

/** The configured database, migrated (under an advisory lock on PostgreSQL). */
export const openMigratedDatabase = async (config: Config): Promise<Database> => {
  const database = await openDatabase(databaseTarget(config));
  try {
    await migrate(database, { ownerUrl: config.MIGRATION_DATABASE_URL });
    return database;
  } catch (e) {
    await database.close();
    throw e;
  }
};

/** Without the role split the audit trail's only defence is its hash chain: say so at start. */
const warnUnlessAuditProtected = async (database: Database, logger: Logger): Promise<void> => {
  const protection = await auditProtection(database);
  if (protection.protected) return;
  logger.warn(
    { reasons: protection.reasons },
    'audit trail protection rests on the hash chain alone (audit verify detects changes, nothing prevents them); see docs/operations.md, "Database roles"',
  );
};

/** Open and migrate the database, build the core, and serve HTTP. The caller adds adapters. */
export const startApp = async (
  config: Config,
  logger: Logger,
  options: {
    clock?: Clock;
    routes?: Record<string, Route>;
    database?: Database;
    /** Timeouts and body limit of the HTTP server; tests shorten them. */
    httpLimits?: Partial<HttpLimits>;
    /** Mount the adapters' routes before the port opens, so no request finds them missing. */
    mount?: (app: Pick<App, "core" | "deps">) => Promise<void>;
  } = {},
): Promise<App> => {
  // Tests hand in the worker's migrated database (one PGlite per worker, not one per server).
  const database = options.database ?? (await openMigratedDatabase(config));
  const deps: Deps = { db: database.db, clock: options.clock ?? systemClock, logger };
  const core = createCore(deps);
  const server = createHttpServer({
    logger,
    readiness: () => readiness(database),
    routes: options.routes ?? {},
    ...(options.httpLimits ? { limits: options.httpLimits } : {}),
  });
  let port: number;
  try {
    await warnUnlessAuditProtected(database, logger);
    await options.mount?.({ core, deps });
    port = await listen(server, config.PORT, config.HOST);
  } catch (e) {
    await database.close();
    throw e;
  }
  return {
    database,
    deps,
    core,
    server,
    port,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
    },
  };
};

import { mkdtempSync, rmSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import { join } from "node:path";
import {
  createCore,
  createLogger,
  databaseFailure,
  loadConfig,
  openMigratedDatabase,
  plainFailure,
} from "../../src/core.js";
import { runConsole } from "./run-console.js";
import { createSettableClock } from "./settable-clock.js";

const demo = process.argv.includes("--demo");
/*
 * The demo is a sandbox: unless DATA_DIR or DATABASE_URL says where to keep it, the demo firm lives in
 * a temporary data directory that is removed when the console exits, so trying Delegate leaves
 * nothing behind (and never puts the sample firm into ./data).
 */
const sandbox = demo ? mkdtempSync(join(tmpdir(), "delegate-demo-")) : undefined;
if (sandbox) {
  // However the console ends: the end of input, exit, an error, a signal.
  process.once("exit", () => rmSync(sandbox, { recursive: true, force: true }));
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => process.exit(128 + constants.signals[signal]));
  }
}

/** `npm run console [-- --demo]`: the console adapter alone on the configured database. */
const main = async (): Promise<number> => {
  const config = loadConfig(sandbox ? { DATA_DIR: sandbox } : {});
  // Console output is the conversation; logs go to stderr, at warn unless LOG_LEVEL says otherwise.
  const logger = createLogger(config.LOG_LEVEL ?? "warn");
  const clock = createSettableClock();
  const database = await openMigratedDatabase(config).catch((e: unknown) => {
    throw databaseFailure(e, config) ?? e;
  });
  try {
    if (!config.DATABASE_URL && config.DATA_DIR === sandbox) {
      process.stdout.write(
        "The demo runs on a temporary database, removed when you leave (set DATA_DIR to keep it).\n",
      );
    }
    const deps = { db: database.db, clock, logger };
    await runConsole({
      ...deps,
      core: createCore(deps),
      demo,
      digestCron: config.DIGEST_CRON,
      exportDir: config.EXPORT_DIR,
    });
  } finally {
    await database.close();
  }
  return 0;
};

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    // Bad configuration, a database that is not there, a data directory in use: one plain line.
    const plain = plainFailure(e);
    process.stderr.write(
      plain ? `${plain}\n` : `delegate console: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    process.exit(1);
  },
);

import { openMigratedDatabase } from "../../src/app.js";
import { createCore } from "../../src/commands/dispatch.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { runConsole } from "./run-console.js";
import { createSettableClock } from "./settable-clock.js";

/** `npm run console [-- --demo]`: the console adapter alone on the configured database. */
const main = async (): Promise<number> => {
  const config = loadConfig();
  // Console output is the conversation; logs go to stderr, at warn unless LOG_LEVEL says otherwise.
  const logger = createLogger(config.LOG_LEVEL ?? "warn");
  const clock = createSettableClock();
  const database = await openMigratedDatabase(config);
  try {
    const deps = { db: database.db, clock, logger };
    await runConsole({
      ...deps,
      core: createCore(deps),
      demo: process.argv.includes("--demo"),
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
    // Bad configuration and a data directory in use by another process explain themselves.
    const expected = e instanceof Error && (e.name === "ConfigError" || e.name === "DataDirBusyError");
    process.stderr.write(
      expected
        ? `${e.message}\n`
        : `delegate console: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    process.exit(1);
  },
);

/**
 * `npm start`: the composition root. Migrates, serves HTTP on PORT, and — with no chat
 * credentials and a terminal on stdin — opens the console on the same core. This is the one
 * file in src/ allowed to import adapters: it wires them, it decides nothing.
 */
import { runConsole } from "../adapters/console/run-console.js";
import { createSettableClock } from "../adapters/console/settable-clock.js";
import { hasChatCredentials, loadConfig } from "./config.js";
import { createLogger } from "./logger.js";
import { startServer } from "./server.js";

const main = async (): Promise<void> => {
  const config = loadConfig();
  const withConsole = !hasChatCredentials(config) && Boolean(process.stdin.isTTY);
  // With the console open, the terminal is the conversation: logs (stderr) drop to warnings.
  const logger = createLogger(config.LOG_LEVEL ?? (withConsole ? "warn" : "info"));
  const clock = createSettableClock();
  const app = await startServer(config, logger, { clock });
  const engine = config.DATABASE_URL ? "PostgreSQL" : `PGlite in ${config.DATA_DIR}`;
  logger.info({ port: app.port, engine }, "Delegate is listening");

  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, "shutting down");
    await app.stop();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));

  if (withConsole) {
    process.stdout.write(`Delegate is running on http://localhost:${app.port} with ${engine}.\n`);
    process.stdout.write("No Slack or Teams credentials are set, so this terminal is the chat: try help.\n");
    await runConsole({
      db: app.deps.db,
      core: app.core,
      clock,
      logger,
      digestCron: config.DIGEST_CRON,
      exportDir: config.EXPORT_DIR,
    });
    await stop("console closed");
  } else if (!hasChatCredentials(config)) {
    logger.warn(
      "no chat credentials and no terminal: serving health checks only (npm run console for a console)",
    );
  }
};

main().catch((e: unknown) => {
  const expected = e instanceof Error && (e.name === "ConfigError" || e.name === "DataDirBusyError");
  process.stderr.write(
    expected ? `${e.message}\n` : `delegate: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
  process.exit(1);
});

/**
 * `npm start`: the composition root. Migrates, serves HTTP on PORT, and — with no chat
 * credentials and a terminal on stdin — opens the console on the same core. This is the one
 * file in src/ allowed to import adapters: it wires them, it decides nothing.
 */
import { runConsole } from "../adapters/console/run-console.js";
import { createSettableClock } from "../adapters/console/settable-clock.js";
import { hasChatCredentials, loadConfig } from "./config.js";
import { openMigratedDatabase } from "./core-runtime.js";
import { createLogger } from "./logger.js";
import { type RunningServer, startServer } from "./start-server.js";
import { checkCanListen, databaseFailure, listenFailure, plainFailure } from "./start-up-failure.js";

/** SIGTERM (a process manager, `kill`, npm passing on its own) or SIGINT (Ctrl-C). */
const STOP_SIGNALS = ["SIGTERM", "SIGINT"] as const;

const main = async (): Promise<void> => {
  // Listened for before anything starts: a stop asked for during start-up waits for it to finish
  // (a data directory is never left half-written), then stops.
  let app: RunningServer | undefined;
  let requested: string | undefined;
  let stopping = false;
  const stop = async (reason: string) => {
    requested ??= reason;
    if (!app || stopping) return;
    stopping = true;
    app.deps.logger.info({ reason: requested }, "shutting down");
    await app.stop();
    process.exit(0);
  };
  // Repeats are ignored while stopping: Ctrl-C under `npm start` reaches the server twice, from the
  // terminal and passed on by npm.
  for (const signal of STOP_SIGNALS) process.on(signal, () => void stop(signal));

  const config = loadConfig();
  const withConsole = !hasChatCredentials(config) && Boolean(process.stdin.isTTY);
  // With the console open, the terminal is the conversation: logs (stderr) drop to warnings.
  const logger = createLogger(config.LOG_LEVEL ?? (withConsole ? "warn" : "info"));
  await checkCanListen(config.PORT, config.HOST);
  const database = await openMigratedDatabase(config).catch((e: unknown) => {
    throw databaseFailure(e, config) ?? e;
  });
  const clock = createSettableClock();
  app = await startServer(config, logger, { clock, database }).catch((e: unknown) => {
    // The port was free a moment ago; something took it meanwhile.
    throw listenFailure(e, config.PORT, config.HOST) ?? e;
  });
  const engine = config.DATABASE_URL ? "PostgreSQL" : `PGlite in ${config.DATA_DIR}`;
  const endpoints = ["/healthz", "/readyz", ...app.chatEndpoints];
  logger.info({ port: app.port, engine, endpoints }, "Delegate is listening");
  if (requested) return stop(requested);

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
      `no Slack or Teams credentials and no terminal: serving ${endpoints.join(", ")} (npm run console opens a console)`,
    );
  }
};

main().catch((e: unknown) => {
  const plain = plainFailure(e);
  process.stderr.write(
    plain ? `${plain}\n` : `delegate: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
  process.exit(1);
});

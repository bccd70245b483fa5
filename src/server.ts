/**
 * The composition root of a running server: the app (database, core, HTTP) plus the chat
 * adapters that the configuration enables, and the outbox loop that delivers through them.
 * Like src/main.ts it may import adapters: it wires them, it decides nothing.
 */
import type { Logger } from "pino";
import { type App, startApp } from "./app.js";
import type { Config } from "./config.js";
import type { Route } from "./http/server.js";
import type { Sender } from "./notify/deliver.js";
import { type OutboxLoop, startOutboxLoop } from "./notify/outbox-loop.js";
import type { Clock } from "./services/deps.js";

export interface RunningServer extends App {
  /** Platforms this server can deliver notifications to. */
  senders: Sender[];
  outbox: OutboxLoop | undefined;
}

export interface ServerOptions {
  clock?: Clock;
  /** Outbox polling interval; tests shorten it. */
  outboxIntervalMs?: number;
}

export const startServer = async (
  config: Config,
  logger: Logger,
  options: ServerOptions = {},
): Promise<RunningServer> => {
  // Looked up per request, so adapters can mount once the core exists.
  const routes: Record<string, Route> = {};
  const app = await startApp(config, logger, { ...(options.clock ? { clock: options.clock } : {}), routes });
  const senders: Sender[] = [];
  const outbox =
    senders.length > 0
      ? startOutboxLoop({
          db: app.deps.db,
          senders,
          clock: app.deps.clock,
          logger,
          ...(options.outboxIntervalMs ? { intervalMs: options.outboxIntervalMs } : {}),
        })
      : undefined;
  return {
    ...app,
    senders,
    outbox,
    stop: async () => {
      await outbox?.stop();
      await app.stop();
    },
  };
};

import pino, { type Logger } from "pino";
import { parseConfig } from "../../src/config.js";
import { type RunningServer, startServer } from "../../src/start-server.js";
import { TestClock } from "./core-harness.js";
import { type FakeBotConnector, startFakeBotConnector } from "./fake-bot-connector.js";
import { testDatabase } from "./test-database.js";

export interface TeamsTestServer {
  server: RunningServer;
  connector: FakeBotConnector;
  clock: TestClock;
  /** http://127.0.0.1:port/api/messages */
  endpoint: string;
  /** Runs the outbox once, as the loop would. */
  deliver(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The real server (src/start-server.ts) on a loopback port, serving the worker's test database, with a
 * fake Bot Connector for Teams to talk to. The outbox loop is slowed right down: tests deliver
 * explicitly, so nothing depends on timing.
 */
export const startTeamsServer = async (
  env: Record<string, string> = {},
  options: { now?: string; openIdMetadataUrl?: string; logger?: Logger } = {},
): Promise<TeamsTestServer> => {
  const connector = await startFakeBotConnector();
  const clock = new TestClock(new Date(options.now ?? "2026-12-01T14:00:00Z"));
  const server = await startServer(
    parseConfig({
      PORT: "0",
      HOST: "127.0.0.1",
      // Without an app id: the Emulator's mode. With one: the fake connector is the one
      // service URL trusted besides Teams' own (docs/security.md).
      ...(env.MICROSOFT_APP_ID ? { TEAMS_TEST_SERVICE_URL: connector.url } : { TEAMS_EMULATOR: "true" }),
      ...env,
    }),
    options.logger ?? pino({ level: "silent" }),
    {
      clock,
      database: await testDatabase(),
      outboxIntervalMs: 3_600_000,
      scheduler: false,
      ...(options.openIdMetadataUrl ? { teamsOpenIdMetadataUrl: options.openIdMetadataUrl } : {}),
    },
  );
  return {
    server,
    connector,
    clock,
    endpoint: `http://127.0.0.1:${server.port}/api/messages`,
    deliver: async () => (server.outbox ? server.outbox.tick() : 0),
    stop: async () => {
      await server.stop();
      await connector.close();
    },
  };
};

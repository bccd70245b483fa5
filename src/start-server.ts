/**
 * The composition root of a running server: the app (database, core, HTTP) plus the chat
 * adapters that the configuration enables, and the outbox loop that delivers through them.
 * Like src/main.ts it may import adapters: it wires them, it decides nothing.
 */
import type { Logger } from "pino";
// Types only: each chat SDK is imported when its platform is in use (botbuilder and Bolt cost
// tens of MB of memory each just by being loaded).
import type { SlackAdapter } from "../adapters/slack/slack-adapter.js";
import type { TeamsAdapter } from "../adapters/teams/teams-adapter.js";
import { TEAMS_LIMITS } from "../adapters/teams/teams-limits.js";
import type { Database } from "../db/client.js";
import type { AdapterContext, AdapterRegistration, ChatAdapter } from "./adapter-contract.js";
import type { Config } from "./config.js";
import { encryptionKeyBytes } from "./config-values.js";
import { type App, startApp } from "./core-runtime.js";
import { PLATFORM_NAME } from "./domain/vocabulary.js";
import type { HttpLimits, Route } from "./http/http-server.js";
import { type Scheduler, startScheduler } from "./jobs/scheduler.js";
import { type OutboxLoop, startOutboxLoop } from "./notify/outbox-loop.js";
import type { Sender } from "./notify/sender.js";
import { createReferenceStore } from "./services/conversation-refs.js";
import type { Clock } from "./services/deps.js";
import { createFileOffers } from "./services/file-offers.js";
import { createInboundEvents } from "./services/inbound-events.js";
import { createInstallationStore } from "./services/installation-store.js";
import { createSecretBox } from "./services/secret-box.js";

export interface RunningServer extends App {
  /** Platforms this server can deliver notifications to. */
  senders: Sender[];
  outbox: OutboxLoop | undefined;
  /** Deadline alerts and the weekly digest (undefined when disabled). */
  scheduler: Scheduler | undefined;
  /** The chat adapters' HTTP paths, as mounted (for the start-up log). */
  chatEndpoints: string[];
  /** The chat adapters the configuration enabled, as mounted. */
  adapters: ChatAdapter[];
}

export interface ServerOptions {
  clock?: Clock;
  /** Outbox polling interval; tests shorten it. */
  outboxIntervalMs?: number;
  /** Run the scheduled jobs (ALERT_CRON, DIGEST_CRON)? Default true; tests of other parts turn it off. */
  scheduler?: boolean;
  /** Tests: where Teams' token-signing keys are published (a local OpenID endpoint). */
  teamsOpenIdMetadataUrl?: string;
  /**
   * An already migrated database to serve instead of opening the configured one: src/main.ts opens
   * it first (to tell a database failure apart), tests pass their worker's.
   */
  database?: Database;
  /** Timeouts and body limit of the HTTP server (src/http/http-server.ts); tests shorten them. */
  httpLimits?: Partial<HttpLimits>;
  /** More platforms to mount after the registry's (the contract suite's own adapter). */
  adapters?: AdapterRegistration[];
}

/**
 * The registry: every chat platform this server can mount, in order. Each builds its adapter when
 * the configuration enables it (docs/adapter-contract.md: a new platform is one folder and one line here).
 */
const chatAdapters = (options: ServerOptions): AdapterRegistration[] => [
  { platform: "teams", create: (context) => mountTeams(context, options.teamsOpenIdMetadataUrl) },
  { platform: "slack", create: (context) => startSlack(context) },
  ...(options.adapters ?? []),
];

/** Paths the server answers itself: no adapter may claim them. */
const SERVER_PATHS = new Set(["/healthz", "/readyz"]);

/**
 * Builds the enabled adapters and mounts their routes and senders. The registry vouches for each
 * platform's name (the database stores any name of this shape): one adapter per name, named as
 * registered, with its sender under the same name; two adapters may not share a path.
 */
export const mountAdapters = async (
  registry: AdapterRegistration[],
  context: AdapterContext,
  routes: Record<string, Route>,
  senders: Sender[],
): Promise<ChatAdapter[]> => {
  const mounted: ChatAdapter[] = [];
  for (const entry of registry) {
    if (!PLATFORM_NAME.test(entry.platform))
      throw new Error(`"${entry.platform}" is not a platform name (lower case letters, digits and dashes)`);
    if (registry.filter((e) => e.platform === entry.platform).length > 1)
      throw new Error(`two adapters are registered as ${entry.platform}`);
    const adapter = await entry.create(context);
    if (!adapter) continue;
    if (adapter.platform !== entry.platform || adapter.sender.platform !== entry.platform)
      throw new Error(`the ${entry.platform} adapter or its sender calls itself by another name`);
    for (const [path, route] of Object.entries(adapter.routes)) {
      if (routes[path] || SERVER_PATHS.has(path))
        throw new Error(`${adapter.platform} wants ${path}, which is already taken`);
      routes[path] = route;
    }
    senders.push(adapter.sender);
    mounted.push(adapter);
  }
  return mounted;
};

export const startServer = async (
  config: Config,
  logger: Logger,
  options: ServerOptions = {},
): Promise<RunningServer> => {
  // Looked up per request, so adapters can mount once the core exists.
  const routes: Record<string, Route> = {};
  const senders: Sender[] = [];
  let adapters: ChatAdapter[] = [];
  const app = await startApp(config, logger, {
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.database ? { database: options.database } : {}),
    ...(options.httpLimits ? { httpLimits: options.httpLimits } : {}),
    routes,
    mount: async (ready) => {
      adapters = await mountAdapters(chatAdapters(options), { ...ready, config, logger }, routes, senders);
    },
  });
  for (const adapter of adapters) await adapter.start();
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
  // Started once the app is up; every replica may run it, each run claims its work in the database.
  const scheduler =
    options.scheduler === false
      ? undefined
      : startScheduler({
          deps: { db: app.deps.db, logger },
          clock: app.deps.clock,
          alertCron: config.ALERT_CRON,
          digestCron: config.DIGEST_CRON,
        });
  return {
    ...app,
    senders,
    outbox,
    scheduler,
    chatEndpoints: Object.keys(routes),
    adapters,
    stop: async () => {
      await scheduler?.stop();
      for (const adapter of [...adapters].reverse()) await adapter.stop();
      await outbox?.stop();
      await app.stop();
    },
  };
};

/**
 * Teams, only when asked for: MICROSOFT_APP_ID (tokens checked; botbuilder is loaded now) or
 * TEAMS_EMULATOR=true (loopback only; botbuilder is loaded by the first /api/messages request or
 * the first notification for Teams). Otherwise /api/messages is not there at all (404).
 */
const mountTeams = async (
  { config, logger, ...app }: AdapterContext,
  openIdMetadataUrl: string | undefined,
): Promise<ChatAdapter | undefined> => {
  if (!config.MICROSOFT_APP_ID && !config.TEAMS_EMULATOR) return undefined;
  let loading: Promise<TeamsAdapter> | undefined;
  const load = (): Promise<TeamsAdapter> => {
    if (loading) return loading;
    loading = import("../adapters/teams/teams-adapter.js").then(({ createTeamsAdapter }) =>
      createTeamsAdapter({
        core: app.core,
        logger,
        references: createReferenceStore(app.deps.db),
        offers: createFileOffers(app.deps.db),
        config: {
          appId: config.MICROSOFT_APP_ID,
          appPassword: config.MICROSOFT_APP_PASSWORD,
          appTenantId: config.MICROSOFT_APP_TENANT_ID,
          appType: config.MICROSOFT_APP_TYPE,
          allowedTenants: config.TEAMS_ALLOWED_TENANTS,
          testServiceUrl: config.TEAMS_TEST_SERVICE_URL,
          openIdMetadataUrl,
        },
      }),
    );
    // A failed load (it should not happen) is tried again by the next request.
    loading.catch(() => {
      loading = undefined;
    });
    return loading;
  };
  if (config.MICROSOFT_APP_ID) return load();
  logger.warn(
    "TEAMS_EMULATOR=true: /api/messages serves the Bot Framework Emulator (no token checks; loopback peers without forwarding headers, loopback service URLs only). Never expose it; set MICROSOFT_APP_ID for Teams",
  );
  return {
    platform: "teams",
    routes: { "/api/messages": async (req, res) => (await load()).route(req, res) },
    sender: {
      platform: "teams",
      channelSpacingMs: TEAMS_LIMITS.channelSpacingMs,
      send: async (delivery) => (await load()).sender.send(delivery),
    },
    limits: TEAMS_LIMITS,
    deliverFile: async (to, file) => (await load()).deliverFile(to, file),
    start: async () => undefined,
    stop: async () => undefined,
  };
};

/** Slack, when its credentials are set: one workspace (bot token) or many (OAuth, tokens sealed at rest). */
const startSlack = async ({ config, logger, ...app }: AdapterContext): Promise<SlackAdapter | undefined> => {
  if (!config.SLACK_BOT_TOKEN && !config.SLACK_CLIENT_ID) return undefined;
  // Only now: Bolt (and the Slack Web API client) is not loaded when Slack is not configured.
  const { createSlackAdapter } = await import("../adapters/slack/slack-adapter.js");
  const {
    SLACK_CLIENT_ID: clientId,
    SLACK_CLIENT_SECRET: clientSecret,
    SLACK_STATE_SECRET: stateSecret,
  } = config;
  const key = config.DELEGATE_ENCRYPTION_KEY ? encryptionKeyBytes(config.DELEGATE_ENCRYPTION_KEY) : undefined;
  return createSlackAdapter({
    core: app.core,
    logger,
    options: {
      signingSecret: config.SLACK_SIGNING_SECRET,
      botToken: config.SLACK_BOT_TOKEN,
      appToken: config.SLACK_APP_TOKEN,
      apiUrl: config.SLACK_API_URL,
      oauth: clientId && clientSecret && stateSecret ? { clientId, clientSecret, stateSecret } : undefined,
    },
    installations: key ? createInstallationStore(app.deps, "slack", createSecretBox(key)) : undefined,
    inboundEvents: createInboundEvents(app.deps),
  });
};

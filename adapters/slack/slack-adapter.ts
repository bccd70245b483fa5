import { type AnyMiddlewareArgs, App, type Authorize, HTTPReceiver, type Middleware } from "@slack/bolt";
import type { Logger } from "pino";
import type { ChatAdapter, Core, InstallationStore, Route } from "../../src/core.js";
import { BOT_SCOPES } from "./action-ids.js";
import { registerActions } from "./action-listeners.js";
import { boltInstallationStore, botTokenOf } from "./bolt-installation-store.js";
import { boltLogger } from "./bolt-logger.js";
import { registerCommand } from "./command-listener.js";
import { registerEvents } from "./event-listeners.js";
import { createSlackSender } from "./sender.js";
import { SLACK_LIMITS } from "./slack-limits.js";
import { registerViews } from "./view-listeners.js";

/** The Slack slice of the configuration, typed (adapters do not read the environment). */
export interface SlackOptions {
  signingSecret?: string | undefined;
  /** One workspace… */
  botToken?: string | undefined;
  /** …or many, through OAuth (needs `installations`). */
  oauth?: { clientId: string; clientSecret: string; stateSecret: string } | undefined;
  /** Socket Mode instead of HTTP. */
  appToken?: string | undefined;
  /** Web API base URL (tests point it at a fake Slack). */
  apiUrl?: string | undefined;
}

/** Slack as a chat adapter: HTTP routes (none in Socket Mode), a sender, start and stop (the socket). */
export interface SlackAdapter extends ChatAdapter {
  readonly platform: "slack";
}

export const EVENTS_PATH = "/slack/events";
export const INSTALL_PATH = "/slack/install";
export const REDIRECT_PATH = "/slack/oauth_redirect";

/** Event ids remembered per process; Slack retries within minutes, three times at most. */
const EVENTS_REMEMBERED = 10_000;

/** The last `max` ids seen, oldest forgotten first. */
class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly max: number) {}
  /** True when `id` was seen before; remembers it either way. */
  seen(id: string): boolean {
    if (this.ids.has(id)) return true;
    this.ids.add(id);
    if (this.ids.size > this.max) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
    return false;
  }
}

const eventIdOf = (args: AnyMiddlewareArgs): string | undefined => {
  const body: unknown = "body" in args ? args.body : undefined;
  return typeof body === "object" && body !== null && "event_id" in body && typeof body.event_id === "string"
    ? body.event_id
    : undefined;
};

/**
 * Slack retries an Events API callback it thinks we missed (`X-Slack-Retry-Num`), also when the
 * first delivery never reached us: such a retry is worked on; a retry of an event this process
 * already took is acknowledged and dropped. Every event we take is idempotent (the Home tab is
 * redrawn, a revoked installation stays revoked), so a retry landing on another replica is redone
 * harmlessly. Commands and clicks are never retried.
 */
const skipRetriesOfSeenEvents =
  (recent: RecentIds): Middleware<AnyMiddlewareArgs> =>
  async (args) => {
    const eventId = eventIdOf(args);
    if (eventId !== undefined && recent.seen(eventId) && args.context.retryNum !== undefined) {
      if ("ack" in args && typeof args.ack === "function") await args.ack();
      return;
    }
    await args.next();
  };

/**
 * The Slack adapter: a Bolt app whose HTTPReceiver listens on our shared HTTP server (its
 * request listener is mounted at /slack/events, and with OAuth /slack/install and
 * /slack/oauth_redirect), so Bolt verifies every request's signature and age (401 otherwise).
 * With an app token it runs over Socket Mode instead. It translates and renders; the core decides.
 */
export const createSlackAdapter = (deps: {
  core: Core;
  logger: Logger;
  options: SlackOptions;
  installations?: InstallationStore | undefined;
}): SlackAdapter => {
  const { core, options, installations } = deps;
  const logger = boltLogger(deps.logger);
  const clientOptions = {
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
  };
  const oauth = options.oauth && installations ? options.oauth : undefined;
  const botToken = options.botToken;
  // One workspace: the token is the answer for every request; no auth.test round trip on the ack path.
  const authorize: Authorize<boolean> | undefined =
    oauth || !botToken ? undefined : async () => ({ botToken });
  if (!oauth && !botToken) throw new Error("Slack needs SLACK_BOT_TOKEN or the OAuth settings");
  if (options.appToken && !botToken)
    throw new Error("Slack Socket Mode (SLACK_APP_TOKEN) needs SLACK_BOT_TOKEN");

  let app: App;
  let receiver: HTTPReceiver | undefined;
  if (options.appToken) {
    app = new App({
      socketMode: true,
      appToken: options.appToken,
      // The Socket Mode client asks the Web API for its WebSocket URL (apps.connections.open):
      // the same base URL as every other call. It keeps its own retries for reconnecting.
      ...(options.apiUrl ? { installerOptions: { clientOptions: { slackApiUrl: options.apiUrl } } } : {}),
      ...(authorize ? { authorize } : {}),
      clientOptions,
      logger,
      ignoreSelf: false,
      convoStore: false,
    });
  } else {
    if (!options.signingSecret) throw new Error("Slack over HTTP needs SLACK_SIGNING_SECRET");
    receiver = new HTTPReceiver({
      signingSecret: options.signingSecret,
      endpoints: EVENTS_PATH,
      logger,
      ...(oauth && installations
        ? {
            clientId: oauth.clientId,
            clientSecret: oauth.clientSecret,
            stateSecret: oauth.stateSecret,
            scopes: BOT_SCOPES,
            installationStore: boltInstallationStore(installations),
            installerOptions: {
              installPath: INSTALL_PATH,
              redirectUriPath: REDIRECT_PATH,
              directInstall: true,
              clientOptions,
            },
          }
        : {}),
    });
    app = new App({
      receiver,
      ...(authorize ? { authorize } : {}),
      clientOptions,
      logger,
      ignoreSelf: false,
      convoStore: false,
    });
  }
  app.use(skipRetriesOfSeenEvents(new RecentIds(EVENTS_REMEMBERED)));
  registerCommand(app, core);
  registerActions(app, core);
  registerViews(app, core);
  registerEvents(app, core, oauth ? installations : undefined);
  app.error(async (e) => {
    deps.logger.warn(
      { component: "slack", err: e.name, code: "code" in e ? e.code : undefined },
      "slack listener failed",
    );
  });

  const listener = receiver?.requestListener;
  const routes: Record<string, Route> = {};
  if (listener) {
    routes[EVENTS_PATH] = listener;
    if (oauth) {
      routes[INSTALL_PATH] = listener;
      routes[REDIRECT_PATH] = listener;
    }
  }
  const installationsForSender = oauth ? installations : undefined;
  const sender = createSlackSender({
    apiUrl: options.apiUrl,
    tokenFor: async (teamId) =>
      installationsForSender ? botTokenOf(installationsForSender, teamId) : botToken,
  });
  return {
    platform: "slack",
    routes,
    sender,
    limits: SLACK_LIMITS,
    // Over HTTP there is nothing to start: the shared server already listens.
    start: async () => {
      if (options.appToken) await app.start();
    },
    stop: async () => {
      if (options.appToken) await app.stop();
    },
  };
};

import { type AnyMiddlewareArgs, App, type Authorize, HTTPReceiver, type Middleware } from "@slack/bolt";
import type { Logger } from "pino";
import type { Core } from "../../src/commands/dispatch.js";
import type { Route } from "../../src/http/server.js";
import type { Sender } from "../../src/notify/deliver.js";
import type { InstallationStore } from "../../src/services/installation-store.js";
import { BOT_SCOPES } from "./action-ids.js";
import { registerActions } from "./action-listeners.js";
import { boltInstallationStore, botTokenOf } from "./bolt-installation-store.js";
import { boltLogger } from "./bolt-logger.js";
import { registerCommand } from "./command-listener.js";
import { registerEvents } from "./event-listeners.js";
import { createSlackSender } from "./sender.js";
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

export interface SlackAdapter {
  /** HTTP routes to mount on the shared server (none in Socket Mode). */
  routes: Record<string, Route>;
  sender: Sender;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const EVENTS_PATH = "/slack/events";
export const INSTALL_PATH = "/slack/install";
export const REDIRECT_PATH = "/slack/oauth_redirect";

/**
 * Slack retries an event it thinks we missed (`X-Slack-Retry-Num`). We acknowledge every
 * request within the 3 s, so a retry is a duplicate: acknowledge it, do nothing.
 */
const skipRetries: Middleware<AnyMiddlewareArgs> = async (args) => {
  if (args.context.retryNum !== undefined) {
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
  app.use(skipRetries);
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
    routes,
    sender,
    // Over HTTP there is nothing to start: the shared server already listens.
    start: async () => {
      if (options.appToken) await app.start();
    },
    stop: async () => {
      if (options.appToken) await app.stop();
    },
  };
};

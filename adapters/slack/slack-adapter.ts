/// <reference lib="es2024.string" />
import {
  type AnyMiddlewareArgs,
  App,
  type Authorize,
  HTTPReceiver,
  type Middleware,
  webApi,
} from "@slack/bolt";
import type { Logger } from "pino";
import type {
  ChatAdapter,
  Core,
  InboundEvents,
  InstallationStore,
  Route,
  Speaker,
  ViewFile,
} from "../../src/core.js";
import { BOT_SCOPES } from "./action-ids.js";
import { registerActions } from "./action-listeners.js";
import { boltInstallationStore, botTokenOf } from "./bolt-installation-store.js";
import { boltLogger } from "./bolt-logger.js";
import { registerCommand } from "./command-listener.js";
import { registerEvents } from "./event-listeners.js";
import { type Delivered, uploadToDirectMessage } from "./file-upload.js";
import { leanFetch } from "./lean-fetch.js";
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

/** Slack as a chat adapter: HTTP routes (none in Socket Mode), a sender, a file delivery into the app's DM (docs/slack.md), start and stop (the socket). */
export interface SlackAdapter extends ChatAdapter {
  readonly platform: "slack";
  deliverFile(speaker: Speaker, file: ViewFile): Promise<Delivered>;
}

export const EVENTS_PATH = "/slack/events";
export const INSTALL_PATH = "/slack/install";
export const REDIRECT_PATH = "/slack/oauth_redirect";

/** The most a Slack request may carry (bytes); larger ones get 413 before their signature is checked. */
const SLACK_BODY_LIMIT = 512 * 1024;

const eventIdOf = (args: AnyMiddlewareArgs): string | undefined => {
  const body: unknown = "body" in args ? args.body : undefined;
  return typeof body === "object" && body !== null && "event_id" in body && typeof body.event_id === "string"
    ? body.event_id
    : undefined;
};

/**
 * Slack retries an Events API callback it thinks we missed (`X-Slack-Retry-Num`), also when the
 * first delivery never reached us (`X-Slack-Retry-Reason: connection_failed`). Every event is
 * claimed by its id in the database before it is worked on (src/services/inbound-events.ts): the
 * first delivery to reach any replica does the work, a retry of one that landed is dropped, a
 * retry of one that never landed does it once. Events are acknowledged by Bolt before any
 * middleware runs; commands and clicks carry no event id and are never retried.
 */
const onceByEventId =
  (events: InboundEvents, logger: Logger): Middleware<AnyMiddlewareArgs> =>
  async (args) => {
    const eventId = eventIdOf(args);
    if (eventId === undefined) {
      await args.next();
      return;
    }
    if (!(await events.claim("slack", eventId))) {
      logger.debug(
        { component: "slack", retryNum: args.context.retryNum },
        "slack event already taken; dropped",
      );
      if ("ack" in args && typeof args.ack === "function") await args.ack();
      return;
    }
    try {
      await args.next();
    } catch (e) {
      // Not done: a later delivery of the same event may do it.
      await events.release("slack", eventId).catch(() => undefined);
      throw e;
    }
  };

/** Repairs, in place, every string in a parsed payload that holds half a surrogate pair. */
const repairInPlace = (value: unknown, depth = 0): void => {
  if (depth > 32 || typeof value !== "object" || value === null) return;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const v = record[key];
    if (typeof v === "string") {
      if (!v.isWellFormed()) record[key] = v.toWellFormed();
    } else repairInPlace(v, depth + 1);
  }
};

/**
 * A JSON payload may carry `\uD83D` alone (a client cut an emoji in two): PostgreSQL refuses it
 * in jsonb. Bolt hands listeners parts of the one parsed body, so repairing it first covers them all.
 */
const repairLoneSurrogates: Middleware<AnyMiddlewareArgs> = async (args) => {
  if ("body" in args) repairInPlace(args.body);
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
  /** Event ids already taken, shared by every replica (the database). */
  inboundEvents: InboundEvents;
}): SlackAdapter => {
  const { core, options, installations } = deps;
  const logger = boltLogger(deps.logger);
  const clientOptions = {
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    fetch: leanFetch,
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
      // Slack's payloads are small (a modal's inputs are 3,000 characters at most); Bolt's own
      // default is 4 MB.
      bodyLimit: SLACK_BODY_LIMIT,
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
  const installationsForSender = oauth ? installations : undefined;
  const tokenFor = async (teamId: string) =>
    installationsForSender ? botTokenOf(installationsForSender, teamId) : botToken;
  const deliverFile = async (speaker: Speaker, file: ViewFile): Promise<Delivered> => {
    const token = await tokenFor(speaker.workspaceId);
    if (!token) throw new Error("Delegate is not installed in that Slack workspace");
    return uploadToDirectMessage(new webApi.WebClient(token, clientOptions), speaker.userId, file);
  };
  app.use(repairLoneSurrogates);
  app.use(onceByEventId(deps.inboundEvents, deps.logger));
  registerCommand(app, core, deliverFile);
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
  const sender = createSlackSender({ apiUrl: options.apiUrl, tokenFor });
  return {
    platform: "slack",
    routes,
    sender,
    deliverFile,
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

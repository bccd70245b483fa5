import type { ServerResponse } from "node:http";
import type { InvokeResponse, TurnContext } from "botbuilder";
import type { Logger } from "pino";
import type { ChatAdapter, Core, FileOffers, ReferenceStore, Route } from "../../src/core.js";
import { DelegateBot } from "./bot.js";
import { ReusingBotFrameworkAuthentication, Unauthorized } from "./bot-authentication.js";
import { botActivityOf, DelegateCloudAdapter } from "./cloud-adapter.js";
import { inJsonbOrder } from "./conversation-ref.js";
import { type FileDelivery, teamsFileDelivery } from "./file-delivery.js";
import { BodyError, isLoopback, readJsonBody } from "./http-body.js";
import { Forbidden, forwardingHeaderOf, type TeamsTrust } from "./inbound-trust.js";
import { createTeamsSender, type TeamsReach } from "./proactive-sender.js";
import { TEAMS_LIMITS } from "./teams-limits.js";

/** The Teams slice of the configuration (src/config.ts reads the environment; we get this). */
export interface TeamsConfig {
  appId?: string | undefined;
  appPassword?: string | undefined;
  appTenantId?: string | undefined;
  appType?: "MultiTenant" | "SingleTenant" | "UserAssignedMSI" | undefined;
  /** Tenant ids (TEAMS_ALLOWED_TENANTS, or the single tenant's); undefined: any tenant. */
  allowedTenants?: readonly string[] | undefined;
  /** TEAMS_TEST_SERVICE_URL: a fake Bot Connector trusted besides Teams' own (tests only). */
  testServiceUrl?: string | undefined;
  /** Where the channel's signing keys are published; Microsoft's unless a test serves its own. */
  openIdMetadataUrl?: string | undefined;
}

export const MESSAGES_PATH = "/api/messages";

/** Teams as a chat adapter: `POST /api/messages`, a sender of Adaptive Cards, nothing to start. */
export interface TeamsAdapter extends ChatAdapter {
  readonly platform: "teams";
  /** `POST /api/messages`. */
  route: Route;
  /** True without an app id: no token checks, loopback peers only. */
  emulatorMode: boolean;
  /** A file (packet, export) to the speaker privately, with a file consent card (docs/teams.md). */
  deliverFile: FileDelivery;
}

/**
 * Microsoft's public-cloud settings, except where the channel's signing keys are read from.
 * (Naming any one endpoint makes botbuilder expect all of them.)
 */
const publicCloudWithKeysAt = (openIdMetadataUrl: string) => ({
  ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
  ToBotFromEmulatorOpenIdMetadataUrl: openIdMetadataUrl,
  ToBotFromChannelTokenIssuer: "https://api.botframework.com",
  ToChannelFromBotLoginUrl: "https://login.microsoftonline.com/botframework.com",
  ToChannelFromBotOAuthScope: "https://api.botframework.com",
  OAuthUrl: "https://api.botframework.com",
  CallerId: "urn:botframework:azure",
  ValidateAuthority: true,
});

const refuse = (res: ServerResponse, status: number, error: string): void => {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify({ error }));
};

export const createTeamsAdapter = (options: {
  core: Core;
  logger: Logger;
  config: TeamsConfig;
  /** The core's conversation references: lets the sender reach people who never wrote (docs/teams.md). */
  references?: ReferenceStore;
  /** Where offered files wait for the person's consent (docs/teams.md, "Files"). */
  offers: FileOffers;
}): TeamsAdapter => {
  const { config, logger } = options;
  const appId = config.appId ?? "";
  const emulatorMode = appId === "";
  const trust: TeamsTrust = {
    emulator: emulatorMode,
    tenants:
      config.appType === "SingleTenant" && config.appTenantId
        ? [config.appTenantId.toLowerCase()]
        : config.allowedTenants,
    testServiceUrl: config.testServiceUrl,
  };
  const auth = new ReusingBotFrameworkAuthentication(
    {
      MicrosoftAppId: appId,
      MicrosoftAppPassword: config.appPassword ?? "",
      MicrosoftAppTenantId: config.appTenantId ?? "",
      MicrosoftAppType: config.appType ?? "MultiTenant",
      ...(config.openIdMetadataUrl ? publicCloudWithKeysAt(config.openIdMetadataUrl) : {}),
    },
    trust,
  );
  const adapter = new DelegateCloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // The error may quote task text from the database: log its kind only.
    logger.error({ err: error.name, activity: context.activity.type }, "teams turn failed");
    if (context.activity.type === "message") {
      await context
        .sendActivity("Sorry, that did not work on our side. Please try again in a moment.")
        .catch(() => undefined);
    }
  };
  const out = { adapter, appId };
  const offers = options.offers;
  const deliverFile = teamsFileDelivery(out, offers);
  const bot = new DelegateBot({ core: options.core, logger, out, files: { offers, deliverFile } });

  const route: Route = async (req, res) => {
    if (req.method !== "POST") return refuse(res, 405, "POST only");
    if (emulatorMode && !isLoopback(req.socket.remoteAddress)) {
      logger.warn({ reason: "peer not loopback" }, "teams request refused (emulator mode)");
      return refuse(res, 403, "forbidden");
    }
    // A proxy or tunnel on this machine is a loopback peer relaying someone else.
    const forwarded = emulatorMode ? forwardingHeaderOf(req.headers) : undefined;
    if (forwarded) {
      logger.warn({ reason: "forwarded", header: forwarded }, "teams request refused (emulator mode)");
      return refuse(res, 403, "forbidden");
    }
    let body: Record<string, unknown>;
    try {
      body = await readJsonBody(req);
    } catch (e) {
      if (e instanceof BodyError) return refuse(res, e.status, e.message);
      throw e;
    }
    const activity = botActivityOf(body);
    if (!activity) return refuse(res, 400, "not an activity (no type)");
    const authorization = req.headers.authorization ?? "";
    let answer: InvokeResponse | undefined;
    try {
      answer = await adapter.processInbound(authorization, activity, (context) => bot.run(context));
    } catch (e) {
      // A refused request learns nothing of why; nor does the log learn the token.
      if (e instanceof Unauthorized) {
        logger.warn({ reason: e.reason }, "teams request refused: no valid Bot Framework token");
        return refuse(res, 401, "unauthorized");
      }
      if (e instanceof Forbidden) {
        logger.warn({ reason: e.reason }, "teams request refused: not an activity this bot serves");
        return refuse(res, 403, "forbidden");
      }
      logger.error({ err: e instanceof Error ? e.name : "unknown" }, "teams request failed");
      return refuse(res, 500, "internal error");
    }
    res.statusCode = answer?.status ?? 200;
    if (answer?.body === undefined) {
      res.end();
      return;
    }
    res.setHeader("content-type", "application/json; charset=utf-8");
    res.end(JSON.stringify(answer.body));
  };

  const refs = options.references;
  const reach: TeamsReach | undefined = refs && {
    tenantReference: (tenantId) => refs.workspaceReference("teams", tenantId),
    remember: (tenantId, userId, ref) => refs.remember("teams", tenantId, userId, inJsonbOrder(ref)),
  };
  return {
    platform: "teams",
    route,
    routes: { [MESSAGES_PATH]: route },
    sender: createTeamsSender(out, logger, reach),
    limits: TEAMS_LIMITS,
    emulatorMode,
    deliverFile,
    // Over HTTP on the shared server: nothing to start or stop.
    start: async () => undefined,
    stop: async () => undefined,
  };
};

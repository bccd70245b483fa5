import { webApi } from "@slack/bolt";
import { DeliveryError, type Sender } from "../../src/core.js";
import { postWithImage } from "./image-post.js";
import { leanFetch } from "./lean-fetch.js";
import {
  postMessage,
  rateLimited,
  slackHttpFailure,
  slackRefusal,
  slackUnreachable,
} from "./post-message.js";
import { renderMessage } from "./render-blocks.js";
import { SLACK_LIMITS } from "./slack-limits.js";

export interface SlackSenderOptions {
  /** The bot token for a workspace (team id), or undefined when we are not installed there. */
  tokenFor(teamId: string): Promise<string | undefined>;
  /** Web API base URL (tests point it at a fake). */
  apiUrl?: string | undefined;
}

/**
 * Delivers the outbox's notifications: a person by direct message (chat.postMessage to the user
 * id opens the app's DM), a channel (the digest) by its id. A message is posted directly
 * (post-message.ts); one with a picture (the digest's chart) goes through the WebClient's file
 * upload, its own retries off: a blind retry posts twice; the outbox retries, honouring Retry-After.
 */
export const createSlackSender = (options: SlackSenderOptions): Sender => {
  const clients = new Map<string, webApi.WebClient>();
  const clientFor = (token: string): webApi.WebClient => {
    let client = clients.get(token);
    if (!client) {
      client = new webApi.WebClient(token, {
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
        fetch: leanFetch,
        ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
      });
      clients.set(token, client);
    }
    return client;
  };
  return {
    platform: "slack",
    channelSpacingMs: SLACK_LIMITS.channelSpacingMs,
    async send(delivery) {
      const to = delivery.to;
      const token = await options.tokenFor(to.workspaceId);
      if (!token) {
        throw new DeliveryError("Delegate is not installed in that Slack workspace", { permanent: true });
      }
      const channel = to.kind === "person" ? to.userId : to.channelId;
      const message = renderMessage(delivery.view);
      if (!delivery.view.image)
        return { externalRef: await postMessage(options.apiUrl, token, channel, message) };
      try {
        await postWithImage(clientFor(token), channel, message, delivery.view.image);
        return undefined;
      } catch (e) {
        throw deliveryErrorOf(e);
      }
    },
  };
};

/** Slack's failure as the outbox understands it; the message carries Slack's code, never our text. */
export const deliveryErrorOf = (e: unknown): DeliveryError => {
  if (e instanceof webApi.WebAPIRateLimitedError) return rateLimited(e.retryAfter);
  if (e instanceof webApi.WebAPIPlatformError) return slackRefusal(e.data.error);
  if (e instanceof webApi.WebAPIHTTPError) return slackHttpFailure(e.statusCode);
  return slackUnreachable(e);
};

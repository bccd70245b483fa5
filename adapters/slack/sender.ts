import { webApi } from "@slack/bolt";
import { DeliveryError, type Sender } from "../../src/core.js";
import { postWithImage } from "./image-post.js";
import { leanFetch } from "./lean-fetch.js";
import { renderMessage } from "./render-blocks.js";
import { SLACK_LIMITS } from "./slack-limits.js";

/** Slack errors retrying cannot fix: the notification is parked at once, for an admin to see. */
const PERMANENT = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "account_inactive",
  "user_not_found",
  "user_disabled",
  "cannot_dm_bot",
  "restricted_action",
  "invalid_auth",
  "not_authed",
  "token_revoked",
  "team_access_not_granted",
  "missing_scope",
  "msg_too_long",
  "invalid_blocks",
]);

export interface SlackSenderOptions {
  /** The bot token for a workspace (team id), or undefined when we are not installed there. */
  tokenFor(teamId: string): Promise<string | undefined>;
  /** Web API base URL (tests point it at a fake). */
  apiUrl?: string | undefined;
}

/**
 * Delivers the outbox's notifications: a person by direct message (chat.postMessage to the user
 * id opens the app's DM), a channel (the digest) by its id. The WebClient's own retries are off:
 * a blind retry posts twice; the outbox retries, honouring Retry-After.
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
      try {
        const client = clientFor(token);
        const message = renderMessage(delivery.view);
        if (delivery.view.image) {
          await postWithImage(client, channel, message, delivery.view.image);
          return undefined;
        }
        const result = await client.chat.postMessage({ channel, ...message });
        return { externalRef: { channel: result.channel ?? channel, ts: result.ts } };
      } catch (e) {
        throw deliveryErrorOf(e);
      }
    },
  };
};

/** Slack's failure as the outbox understands it; the message carries Slack's code, never our text. */
export const deliveryErrorOf = (e: unknown): DeliveryError => {
  if (e instanceof webApi.WebAPIRateLimitedError) {
    return new DeliveryError(`Slack rate limit, retry after ${e.retryAfter}s`, {
      retryAfterMs: e.retryAfter * 1000,
    });
  }
  if (e instanceof webApi.WebAPIPlatformError) {
    const code = e.data.error;
    return new DeliveryError(`Slack refused: ${code}`, { permanent: PERMANENT.has(code) });
  }
  if (e instanceof webApi.WebAPIHTTPError) return new DeliveryError(`Slack HTTP ${e.statusCode}`);
  return new DeliveryError(`Slack unreachable: ${e instanceof Error ? e.name : typeof e}`);
};

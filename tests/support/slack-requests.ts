import { createHmac } from "node:crypto";

/**
 * Requests shaped and signed exactly as Slack sends them: `X-Slack-Signature` is `v0=` +
 * HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the app's signing secret. Payload shapes follow
 * Slack's documented examples (slash command form body; interactions as JSON in a `payload`
 * form field; Events API JSON).
 */
export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

export const sign = (secret: string, timestamp: number, body: string): string =>
  `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;

export interface SendOptions {
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  secret?: string;
  /** false: no signature headers at all. */
  signed?: boolean;
  signature?: string;
  headers?: Record<string, string>;
}

export const postSigned = async (
  url: string,
  body: string,
  contentType: string,
  options: SendOptions = {},
): Promise<Response> => {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { "content-type": contentType, ...options.headers };
  if (options.signed !== false) {
    headers["x-slack-request-timestamp"] = String(timestamp);
    headers["x-slack-signature"] =
      options.signature ?? sign(options.secret ?? SIGNING_SECRET, timestamp, body);
  }
  return fetch(url, { method: "POST", headers, body });
};

/** Slack escapes &, < and > in the text it sends (mentions stay `<@U…|name>`). */
export const slackEscape = (text: string): string =>
  text
    .split(/(<@[^>]+>)/)
    .map((part, i) =>
      i % 2 === 1 ? part : part.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"),
    )
    .join("");

export interface Who {
  team: string;
  user: string;
  name: string;
  channel?: string;
}

export const slashCommandBody = (who: Who, text: string, responseUrl: string): string =>
  new URLSearchParams({
    token: "gIkuvaNzQIHg97ATvDxqgjtO",
    team_id: who.team,
    team_domain: "smithlee",
    channel_id: who.channel ?? "C2147483705",
    channel_name: "general",
    user_id: who.user,
    user_name: who.name,
    command: "/delegate",
    text: slackEscape(text),
    api_app_id: "A0DELEGATE",
    is_enterprise_install: "false",
    response_url: responseUrl,
    trigger_id: `13345224609.738474920.${who.user}`,
  }).toString();

export const blockActionsBody = (
  who: Who,
  action: { action_id: string; value: string },
  message: { channel: string; ts: string; ephemeral?: boolean } | undefined,
  responseUrl: string,
): string =>
  new URLSearchParams({
    payload: JSON.stringify({
      type: "block_actions",
      user: { id: who.user, username: who.name, name: who.name, team_id: who.team },
      api_app_id: "A0DELEGATE",
      token: "9s8d9as89d8as9d8as989",
      container: message
        ? {
            type: "message",
            message_ts: message.ts,
            channel_id: message.channel,
            is_ephemeral: message.ephemeral ?? false,
          }
        : { type: "view", view_id: "V0HOME" },
      trigger_id: `12466734323.1395872398.${who.user}`,
      team: { id: who.team, domain: "smithlee" },
      enterprise: null,
      is_enterprise_install: false,
      ...(message
        ? {
            channel: { id: message.channel, name: "directmessage" },
            message: { ts: message.ts, type: "message" },
          }
        : {}),
      response_url: responseUrl,
      actions: [
        {
          action_id: action.action_id,
          block_id: "b1",
          text: { type: "plain_text", text: "Button", emoji: true },
          value: action.value,
          type: "button",
          action_ts: "1548426417.840180",
        },
      ],
    }),
  }).toString();

export const viewSubmissionBody = (
  who: Who,
  view: { callback_id: string; private_metadata?: string; blocks: unknown[] },
  values: Record<string, Record<string, unknown>>,
): string =>
  new URLSearchParams({
    payload: JSON.stringify({
      type: "view_submission",
      team: { id: who.team, domain: "smithlee" },
      user: { id: who.user, username: who.name, name: who.name, team_id: who.team },
      api_app_id: "A0DELEGATE",
      token: "9s8d9as89d8as9d8as989",
      trigger_id: `12466734323.1395872398.${who.user}`,
      view: {
        id: "VNHU13V36",
        type: "modal",
        callback_id: view.callback_id,
        private_metadata: view.private_metadata ?? "",
        blocks: view.blocks,
        state: { values },
        hash: "156663117.cd33ad1f",
        title: { type: "plain_text", text: "Delegate" },
        team_id: who.team,
        app_id: "A0DELEGATE",
      },
      enterprise: null,
      is_enterprise_install: false,
      response_urls: [],
    }),
  }).toString();

let eventCounter = 0;

/** An Events API callback; each gets its own event id unless one is given (ids are deduplicated). */
export const eventBody = (
  team: string,
  event: Record<string, unknown>,
  eventId = `Ev0PV${process.pid}X${++eventCounter}`,
): string =>
  JSON.stringify({
    token: "XXYYZZ",
    team_id: team,
    api_app_id: "A0DELEGATE",
    event,
    type: "event_callback",
    event_id: eventId,
    event_time: 1234567890,
    authorizations: [
      { enterprise_id: null, team_id: team, user_id: "UBOT", is_bot: true, is_enterprise_install: false },
    ],
  });

export const FORM = "application/x-www-form-urlencoded";
export const JSON_TYPE = "application/json";

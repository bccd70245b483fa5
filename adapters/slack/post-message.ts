import { z } from "zod";
import { DeliveryError } from "../../src/core.js";
import { type LeanAnswer, leanRequest } from "./lean-fetch.js";
import type { SlackMessage } from "./render-blocks.js";

/** Where the WebClient posts when no other base URL is given. */
const DEFAULT_API_URL = "https://slack.com/api/";

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

/** Slack's `ok: false` as the outbox understands it: its code, never our text. */
export const slackRefusal = (code: string): DeliveryError =>
  new DeliveryError(`Slack refused: ${code}`, { permanent: PERMANENT.has(code) });

/** A 429's wait, as the WebClient reads Retry-After (whole seconds). */
export const rateLimited = (retryAfterSeconds: number): DeliveryError =>
  new DeliveryError(`Slack rate limit, retry after ${retryAfterSeconds}s`, {
    retryAfterMs: retryAfterSeconds * 1000,
  });

/** An HTTP status Slack's Web API gives no meaning to (anything but 200 and a readable 429). */
export const slackHttpFailure = (status: number): DeliveryError => new DeliveryError(`Slack HTTP ${status}`);

/** No answer at all: the error's class only, never its message (it may quote what was sent). */
export const slackUnreachable = (e: unknown): DeliveryError =>
  new DeliveryError(`Slack unreachable: ${e instanceof Error ? e.name : typeof e}`);

const answerSchema = z.object({
  ok: z.boolean(),
  error: z.string().optional(),
  channel: z.string().optional(),
  ts: z.string().optional(),
});

/**
 * chat.postMessage as one JSON POST (Slack takes a JSON body for it, with the bot token as a
 * Bearer header), without the WebClient: every notification the outbox delivers is one, and
 * the WebClient's queue, retry wrapper, form encoding and the fetch Response built for it were
 * over a quarter of a notification's CPU (docs/performance.md, "Capacity work (eighth pass)").
 * No retries here: a blind retry posts twice; the outbox retries, honouring Retry-After.
 * Every failure is a DeliveryError, as the WebClient's would be after `deliveryErrorOf`.
 */
export const postMessage = async (
  apiUrl: string | undefined,
  token: string,
  channel: string,
  message: SlackMessage,
): Promise<{ channel: string; ts?: string }> => {
  const base = apiUrl ?? DEFAULT_API_URL;
  const url = new URL(`${base.endsWith("/") ? base : `${base}/`}chat.postMessage`);
  const bytes = Buffer.from(JSON.stringify({ channel, ...message }));
  let answer: LeanAnswer;
  try {
    answer = await leanRequest(
      url,
      "POST",
      {
        authorization: `Bearer ${token}`,
        "content-type": "application/json; charset=utf-8",
        "content-length": String(bytes.byteLength),
      },
      bytes,
    );
  } catch (e) {
    throw slackUnreachable(e);
  }
  if (answer.status === 429) {
    const seconds = Number.parseInt(String(answer.headers["retry-after"] ?? ""), 10);
    if (!Number.isNaN(seconds)) throw rateLimited(seconds);
  }
  // Slack's Web API gives no meaning to other statuses than 200 and 429.
  if (answer.status !== 200) throw slackHttpFailure(answer.status);
  let parsed: z.infer<typeof answerSchema>;
  try {
    parsed = answerSchema.parse(JSON.parse(answer.body.toString("utf8")));
  } catch {
    throw new DeliveryError("Slack answered with something that is not its JSON");
  }
  if (!parsed.ok) throw slackRefusal(parsed.error ?? "unknown_error");
  return { channel: parsed.channel ?? channel, ...(parsed.ts ? { ts: parsed.ts } : {}) };
};

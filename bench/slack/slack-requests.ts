import { createHmac } from "node:crypto";
import type { HttpCall } from "../load/http-client.js";
import { slackTeamId, slackUserId } from "../scale/shape.js";

export const SIGNING_SECRET = "bench-signing-secret-not-a-real-one";
export const BOT_TOKEN = "xoxb-bench-0000-not-a-real-token";

/** A request signed as Slack signs it: v0 HMAC-SHA256 of `v0:{timestamp}:{body}`. */
export const signed = (body: string, contentType: string, secret = SIGNING_SECRET): HttpCall => {
  const ts = Math.floor(Date.now() / 1000).toString();
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex")}`;
  return {
    method: "POST",
    path: "/slack/events",
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": ts,
      "x-slack-signature": signature,
    },
    body,
  };
};

/** `/delegate <text>` said by `user` in channel `channel` of workspace `team`. */
export const slackCommand = (team: string, channel: string, user: string, text: string): HttpCall =>
  signed(
    new URLSearchParams({
      team_id: team,
      user_id: user,
      user_name: user.toLowerCase(),
      channel_id: channel,
      command: "/delegate",
      text,
      response_url: "https://hooks.slack.com/commands/T0/1/bench",
      trigger_id: "1.2.bench",
    }).toString(),
    "application/x-www-form-urlencoded",
  );

/** `/delegate <text>` said by person k of firm f in its Slack workspace. */
export const slashCommand = (firm: number, k: number, text: string): HttpCall => {
  const body = new URLSearchParams({
    token: "deprecated",
    team_id: slackTeamId(firm),
    team_domain: `bench${firm}`,
    channel_id: `CB${firm}`,
    channel_name: "general",
    user_id: slackUserId(firm, k),
    user_name: `person${firm}-${k}`,
    command: "/delegate",
    text,
    api_app_id: "ABENCH",
    is_enterprise_install: "false",
    response_url: "https://hooks.slack.com/commands/T0/1/bench",
    trigger_id: `${firm}.${k}.bench`,
  }).toString();
  return signed(body, "application/x-www-form-urlencoded");
};

/** A due date a month ahead, as a person would type it (the parser refuses past ones). */
const dueText = (): string => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

export type SlackCommandKind = "list" | "show" | "assign";

/**
 * The bench's commands over typical firms 2…(2 + firms − 1), rotating so that no single firm's
 * row (its task counter) serializes the load: an attorney (person 1) lists, shows and assigns
 * to a professional with an NDA (person attorneys + 1).
 */
export const commandFor = (kind: SlackCommandKind, i: number, firms: number, attorneys: number): HttpCall => {
  const firm = 2 + (i % firms);
  switch (kind) {
    case "list":
      return slashCommand(firm, 1, "list all");
    case "show":
      return slashCommand(firm, 1, `show T-${1 + (i % 200)}`);
    case "assign":
      return slashCommand(
        firm,
        1,
        `assign <@${slackUserId(firm, attorneys + 1)}> "Bench review ${i}" matter:M-2026-1 due:"${dueText()} 10:00" est:2h type:document_review`,
      );
  }
};

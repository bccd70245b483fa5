import { SIGNING_SECRET, sign, slashCommandBody } from "../../tests/support/slack-requests.js";
import type { HttpCall } from "../load/http-client.js";
import { slackTeamId, slackUserId } from "../scale/shape.js";

/** The tests' signing secret and signer (tests/support/slack-requests.ts): one way to sign. */
export { SIGNING_SECRET };
export const BOT_TOKEN = "xoxb-bench-0000-not-a-real-token";

/**
 * The environment of a server answering the bench's signed slash commands and posting to the fake
 * Web API at `apiUrl`; on the database at `databaseUrl` when given.
 */
export const slackServerEnv = (apiUrl: string, databaseUrl?: string): Record<string, string> => ({
  ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_API_URL: apiUrl,
});

const RESPONSE_URL = "https://hooks.slack.com/commands/T0/1/bench";

/** A slash command body signed as Slack signs it, now. */
const signed = (body: string): HttpCall => {
  const ts = Math.floor(Date.now() / 1000);
  return {
    method: "POST",
    path: "/slack/events",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": sign(SIGNING_SECRET, ts, body),
    },
    body,
  };
};

/** `/delegate <text>` said by `user` in channel `channel` of workspace `team`. */
export const slackCommand = (team: string, channel: string, user: string, text: string): HttpCall =>
  signed(slashCommandBody({ team, user, name: user.toLowerCase(), channel }, text, RESPONSE_URL));

/** `/delegate <text>` said by person k of firm f in its Slack workspace. */
export const slashCommand = (firm: number, k: number, text: string): HttpCall =>
  slackCommand(slackTeamId(firm), `CB${firm}`, slackUserId(firm, k), text);

/** A due date a month ahead, as a person would type it (the parser refuses past ones). */
const dueText = (): string => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

export type SlackCommandKind = "list" | "show" | "assign";

/** The realistic mix of issue 17: 70% reads (4 lists, 3 shows), 30% writes (3 assigns) in ten. */
const MIX: readonly SlackCommandKind[] = [
  "list",
  "show",
  "assign",
  "list",
  "show",
  "assign",
  "list",
  "show",
  "assign",
  "list",
];
/** The kind of the mix's request i. */
export const kindAt = (i: number): SlackCommandKind => MIX[i % MIX.length] ?? "list";

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

/**
 * The floor any Bolt app stands on: the same @slack/bolt, the same HTTPReceiver, the same
 * authorize shortcut (no auth.test), and a /delegate handler that only acks. Run as its own
 * process, like our server, by bench/slack/slack-part.ts: PORT and SLACK_SIGNING_SECRET from
 * the environment. Readiness: GET /readyz answers 200 once it listens.
 */
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";
import { serveBolt } from "./serve-bolt.js";

const port = Number(process.env.PORT ?? 0);
const signingSecret = process.env.SLACK_SIGNING_SECRET ?? "";
const botToken = process.env.SLACK_BOT_TOKEN ?? "xoxb-bare";

const receiver = new HTTPReceiver({ signingSecret, endpoints: "/slack/events", logLevel: LogLevel.ERROR });
const app = new App({
  receiver,
  authorize: async () => ({ botToken }),
  logLevel: LogLevel.ERROR,
  ignoreSelf: false,
  convoStore: false,
});
app.command("/delegate", async ({ ack }) => {
  await ack();
});

serveBolt(receiver, port, async () => undefined);

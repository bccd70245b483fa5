/**
 * The floor any Bolt app stands on: the same @slack/bolt, the same HTTPReceiver, the same
 * authorize shortcut (no auth.test), and a /delegate handler that only acks. Run as its own
 * process, like our server, by bench/slack/slack-part.ts: PORT and SLACK_SIGNING_SECRET from
 * the environment. Readiness: GET /readyz answers 200 once it listens.
 */
import { createServer } from "node:http";
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";

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

// Mounted on a plain node:http server the way ours mounts it, with the same /readyz probe.
const server = createServer((req, res) => {
  if (req.url === "/readyz") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"ready":true}');
    return;
  }
  receiver.requestListener(req, res);
});
server.listen(port, "127.0.0.1");
process.once("SIGTERM", () => server.close(() => process.exit(0)));

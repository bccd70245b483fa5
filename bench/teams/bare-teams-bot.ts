/**
 * The floor any botbuilder bot stands on: the same botbuilder, CloudAdapter in emulator mode
 * (no app id, as our server runs in the bench), answering every message with one fixed
 * Adaptive Card and every Action.Execute with the same card. Its own process, like ours;
 * PORT from the environment; GET /readyz answers 200 once it listens.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import {
  ActivityHandler,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type InvokeResponse,
  type Request,
  type Response,
  type TurnContext,
} from "botbuilder";
import { readJsonBody } from "../../adapters/teams/http-body.js";

const CARD = {
  type: "AdaptiveCard",
  $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
  version: "1.4",
  body: [{ type: "TextBlock", text: "T-1 · Fixed card", weight: "Bolder" }],
  actions: [{ type: "Action.Execute", title: "Start", verb: "start", data: { task: 1, version: 1 } }],
};

class FixedCardBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity({ attachments: [CardFactory.adaptiveCard(CARD)] });
      await next();
    });
  }

  protected override async onInvokeActivity(_context: TurnContext): Promise<InvokeResponse> {
    return {
      status: 200,
      body: { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: CARD },
    };
  }
}

/** The express-like request and response botbuilder's `process()` wants, as a plain bot would write them. */
const shimRequest = (req: IncomingMessage, body: Record<string, unknown>): Request => ({
  body,
  headers: req.headers,
  method: req.method ?? "POST",
});

const shimResponse = (res: ServerResponse): Response => {
  let payload: string | undefined;
  return {
    socket: res.socket,
    status(code: number) {
      res.statusCode = code;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
    },
    send(body?: unknown) {
      if (body === undefined) return;
      if (typeof body === "string" || Buffer.isBuffer(body)) {
        payload = body.toString();
      } else {
        payload = JSON.stringify(body);
        res.setHeader("content-type", "application/json; charset=utf-8");
      }
    },
    end() {
      if (!res.writableEnded) res.end(payload);
    },
  };
};

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const bot = new FixedCardBot();
const server = createServer(async (req, res) => {
  if (req.url === "/readyz") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"ready":true}');
    return;
  }
  try {
    const body = await readJsonBody(req);
    await adapter.process(shimRequest(req, body), shimResponse(res), (context) => bot.run(context));
  } catch {
    if (!res.headersSent) res.writeHead(500);
    res.end();
  }
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1");
process.once("SIGTERM", () => server.close(() => process.exit(0)));

import { createServer, type Server } from "node:http";

/** One chat.postMessage the server made: where, and what (text and blocks as JSON). */
export interface PostedMessage {
  channel: string;
  body: string;
  at: number;
}

export interface FakeSlackApi {
  /** SLACK_API_URL for the server under test. */
  url: string;
  posted: PostedMessage[];
  /** Answer every write with this status until `clear` (500s, or 429 with Retry-After). */
  failWith(status: 500 | 429, retryAfterSeconds?: number): void;
  clear(): void;
  refused: number;
  close(): Promise<void>;
}

const parseBody = (raw: string, type: string | undefined): Record<string, unknown> => {
  if (raw === "") return {};
  if (type?.includes("json")) {
    const v: unknown = JSON.parse(raw);
    return typeof v === "object" && v !== null ? Object.fromEntries(Object.entries(v)) : {};
  }
  return Object.fromEntries(new URLSearchParams(raw));
};

/**
 * A loopback stand-in for Slack's Web API (api/<method>): enough for the server under test to
 * post notifications and look people up, recording every post so the bench can count lost
 * and duplicated notifications. It never calls out.
 */
export const startFakeSlackApi = async (): Promise<FakeSlackApi> => {
  const posted: PostedMessage[] = [];
  let failure: { status: number; retryAfter: number } | undefined;
  let ts = 1_700_000_000;
  const state = { refused: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const method = (req.url ?? "").replace(/^\/api\//, "").split("?")[0] ?? "";
      const body = parseBody(Buffer.concat(chunks).toString("utf8"), req.headers["content-type"]);
      const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(payload));
      };
      if (failure && method === "chat.postMessage") {
        state.refused++;
        const headers: Record<string, string> =
          failure.status === 429 ? { "retry-after": String(failure.retryAfter) } : {};
        reply(
          failure.status,
          { ok: false, error: failure.status === 429 ? "ratelimited" : "fatal_error" },
          headers,
        );
        return;
      }
      switch (method) {
        case "chat.postMessage": {
          const channel = String(body.channel ?? "");
          posted.push({
            channel,
            body: `${String(body.text ?? "")}|${String(body.blocks ?? "")}`,
            at: Date.now(),
          });
          reply(200, { ok: true, channel, ts: `${++ts}.000100` });
          return;
        }
        case "users.info": {
          const user = String(body.user ?? "");
          reply(200, { ok: true, user: { id: user, name: user, real_name: user, tz: "America/New_York" } });
          return;
        }
        case "auth.test":
          reply(200, { ok: true, team_id: "T0", user_id: "UBOT", bot_id: "BBOT" });
          return;
        default:
          reply(200, { ok: true });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    posted,
    failWith: (status, retryAfterSeconds = 1) => {
      failure = { status, retryAfter: retryAfterSeconds };
    },
    clear: () => {
      failure = undefined;
    },
    get refused() {
      return state.refused;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

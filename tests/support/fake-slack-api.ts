import { createServer, type IncomingMessage, type Server } from "node:http";

/**
 * A stand-in for Slack's Web API (and response_url) on a loopback port: it records every call
 * and answers the way Slack documents, so tests see exactly what the adapter sent. Only what is
 * outside this machine is faked; our server, core and database are the real ones.
 */
export interface RecordedCall {
  method: string;
  token: string | undefined;
  body: Record<string, unknown>;
  /** What the fake answered (Slack's JSON), or undefined for a refused call. */
  response?: Record<string, unknown>;
  /** Set when the call was taken but answered this late (see failNext's `answerAfterMs`). */
  answeredAfterMs?: number;
  /** The HTTP status of a refusal served with failNext (500, 429, …). */
  refusedWith?: number;
}

export interface FakeSlackApiOptions {
  /**
   * Keep every call for `calls`, `waitFor` and `responses` (default true). The bench's load runs
   * post tens of thousands of messages that nobody reads back: kept, they would fill the load
   * generator's memory and slow it down as the run goes on.
   */
  keepCalls?: boolean;
  /** Told of each call as it is taken, before it is answered (kept or not). */
  onCall?: (call: RecordedCall) => void;
}

export interface SlackUser {
  id: string;
  name: string;
  realName?: string;
  email?: string;
  tz?: string;
}

/**
 * How one call fails: rate limited with Retry-After; an HTTP server error (the call is not
 * taken); `ok: false` with Slack's error code; or taken (the message is posted) but answered
 * only after `answerAfterMs`, later than a client that gave up would wait.
 */
type Failure =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503 }
  | { error: string }
  | { answerAfterMs: number };

export interface FakeSlackApi {
  /** Base URL of the Web API, for SLACK_API_URL. */
  apiUrl: string;
  /** A response_url under this server. */
  responseUrl(name: string): string;
  calls(method?: string): RecordedCall[];
  addUser(user: SlackUser): void;
  /** The next call of `method` fails like this (each call queues one more, in order). */
  failNext(method: string, failure: Failure): void;
  /** The WebSocket URL apps.connections.open hands out (Socket Mode). */
  openConnectionsAt(url: string): void;
  /** What oauth.v2.access answers next. */
  nextInstall(install: { teamId: string; teamName: string; botToken: string; enterpriseId?: string }): void;
  /** Waits until `count` calls of `method` were recorded (the adapter works after its ack). */
  waitFor(method: string, count?: number): Promise<RecordedCall[]>;
  /** Files uploaded to the URLs files.getUploadURLExternal handed out, with their bytes. */
  uploads(): { fileId: string; bytes: Buffer }[];
  /** Messages posted to response_url (private answers under a clicked message). */
  responses(): RecordedCall[];
  waitForResponses(count: number): Promise<RecordedCall[]>;
  close(): Promise<void>;
}

const readBody = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  if (raw === "") return {};
  if ((req.headers["content-type"] ?? "").includes("json")) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    // The WebClient form-encodes objects (blocks, view) as JSON strings.
    try {
      out[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
    } catch {
      out[k] = v;
    }
  }
  return out;
};

export const startFakeSlackApi = async (options: FakeSlackApiOptions = {}): Promise<FakeSlackApi> => {
  const keepCalls = options.keepCalls ?? true;
  const calls: RecordedCall[] = [];
  const users = new Map<string, SlackUser>();
  const failures = new Map<string, Failure[]>();
  let install = {
    teamId: "T0",
    teamName: "Workspace",
    botToken: "xoxb-0",
    enterpriseId: undefined as string | undefined,
  };
  let socketModeUrl: string | undefined;
  let ts = 1000;
  const waiters: (() => void)[] = [];
  /** Answers still to come (failNext's `answerAfterMs`); close() sends them first. */
  const lateAnswers = new Set<() => void>();

  const answer = (method: string, body: Record<string, unknown>): Record<string, unknown> => {
    switch (method) {
      case "users.info": {
        const u = users.get(String(body.user));
        if (!u) return { ok: false, error: "user_not_found" };
        return {
          ok: true,
          user: {
            id: u.id,
            name: u.name,
            real_name: u.realName ?? u.name,
            tz: u.tz ?? "America/New_York",
            deleted: false,
            profile: { real_name: u.realName ?? u.name, display_name: u.name, email: u.email },
          },
        };
      }
      case "chat.postMessage": {
        const channel = String(body.channel);
        // Posting to a user id lands in the app's DM with them.
        const landed = channel.startsWith("U") ? `D${channel.slice(1)}` : channel;
        return { ok: true, channel: landed, ts: `${++ts}.000100`, message: { text: body.text } };
      }
      case "files.getUploadURLExternal": {
        const fileId = `F${++ts}`;
        return { ok: true, upload_url: `${base}/upload/${fileId}`, file_id: fileId };
      }
      case "files.completeUploadExternal":
        return { ok: true, files: body.files };
      case "chat.update":
        return { ok: true, channel: body.channel, ts: body.ts };
      case "chat.postEphemeral":
        return { ok: true, message_ts: `${++ts}.000200` };
      case "conversations.open":
        return { ok: true, channel: { id: `D${String(body.users).slice(1)}` } };
      case "views.open":
      case "views.publish":
      case "views.update":
        return { ok: true, view: { id: `V${++ts}` } };
      case "apps.connections.open":
        return socketModeUrl
          ? { ok: true, url: socketModeUrl }
          : { ok: false, error: "not_allowed_token_type" };
      case "auth.test":
        return {
          ok: true,
          user_id: "UBOT",
          bot_id: "BBOT",
          team_id: install.teamId,
          url: "https://x.slack.com/",
        };
      case "oauth.v2.access":
        return {
          ok: true,
          app_id: "A0DELEGATE",
          access_token: install.botToken,
          token_type: "bot",
          scope: "chat:write,commands,users:read,users:read.email",
          bot_user_id: "UBOT",
          team: { id: install.teamId, name: install.teamName },
          enterprise: install.enterpriseId ? { id: install.enterpriseId, name: "Org" } : null,
          is_enterprise_install: false,
          authed_user: { id: "UINSTALLER" },
        };
      default:
        return { ok: true };
    }
  };

  const uploads: { fileId: string; bytes: Buffer }[] = [];
  let base = "";
  const server: Server = createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    // An upload URL takes the file's raw bytes, as Slack's does.
    if (path.startsWith("/upload/")) {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      uploads.push({ fileId: path.slice("/upload/".length), bytes: Buffer.concat(chunks) });
      for (const w of waiters.splice(0)) w();
      res.writeHead(200, { "content-type": "text/plain" }).end(`OK - ${Buffer.concat(chunks).length}`);
      return;
    }
    const body = await readBody(req);
    const method = path.startsWith("/api/") ? path.slice(5) : path;
    const auth = req.headers.authorization;
    const call: RecordedCall = { method, token: auth?.replace(/^Bearer /, ""), body };
    const failure = failures.get(method)?.shift();
    if (failure && "status" in failure) call.refusedWith = failure.status;
    // Recorded before answering, so a test that saw the call also sees what it was told.
    if (keepCalls) calls.push(call);
    options.onCall?.(call);
    for (const w of waiters.splice(0)) w();
    if (failure && "status" in failure) {
      if (failure.status !== 429) {
        res.writeHead(failure.status, { "content-type": "text/plain" }).end("internal error");
        return;
      }
      res.writeHead(429, { "retry-after": String(failure.retryAfter), "content-type": "application/json" });
      res.end(JSON.stringify({ ok: false, error: "ratelimited" }));
      return;
    }
    if (failure && "error" in failure) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: false, error: failure.error }));
      return;
    }
    const response = answer(method, body);
    call.response = response;
    const reply = () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(response));
    };
    if (!failure) {
      reply();
      return;
    }
    call.answeredAfterMs = failure.answerAfterMs;
    const settle = (send: boolean) => {
      clearTimeout(timer);
      lateAnswers.delete(answerNow);
      if (send && !res.headersSent) reply();
    };
    const answerNow = () => settle(true);
    const timer = setTimeout(answerNow, failure.answerAfterMs);
    lateAnswers.add(answerNow);
    // The client went away: nothing to answer.
    res.on("close", () => settle(false));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  base = `http://127.0.0.1:${port}`;
  const matching = (method?: string) => calls.filter((c) => method === undefined || c.method === method);
  const responses = () => calls.filter((c) => c.method.startsWith("/response/"));
  const until = async (done: () => boolean) => {
    // Bounded by the test timeout; resolves as soon as the calls arrive.
    while (!done()) await new Promise<void>((resolve) => waiters.push(resolve));
  };

  return {
    apiUrl: `${base}/api/`,
    responseUrl: (name) => `${base}/response/${name}`,
    calls: matching,
    addUser: (u) => void users.set(u.id, u),
    failNext: (method, failure) => void failures.set(method, [...(failures.get(method) ?? []), failure]),
    openConnectionsAt: (url) => {
      socketModeUrl = url;
    },
    nextInstall: (i) => {
      install = { ...i, enterpriseId: i.enterpriseId };
    },
    async waitFor(method, count = 1) {
      await until(() => matching(method).length >= count);
      return matching(method);
    },
    uploads: () => [...uploads],
    responses,
    async waitForResponses(count) {
      await until(() => responses().length >= count);
      return responses();
    },
    close: async () => {
      // A client cut off before its late answer would log a failure no test caused.
      for (const answerNow of [...lateAnswers]) answerNow();
      await new Promise<void>((resolve) => setImmediate(resolve));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
};

import { createServer, type IncomingMessage, type Server } from "node:http";

/**
 * A loopback stand-in for the Bot Connector at an activity's `serviceUrl`: it records what the
 * bot posts (`POST /v3/conversations/{id}/activities[/{replyToId}]`, `PUT …/activities/{id}`,
 * `POST /v3/conversations`), answers roster look-ups from the members it is given, and can
 * answer the next requests with an error (403 from a conversation the bot left, 429 with
 * Retry-After) to exercise the outbox.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  /** The conversation id from the path, decoded. */
  conversationId?: string;
  body: Record<string, unknown>;
}

export interface RosterMember {
  id: string;
  name: string;
  aadObjectId?: string;
  email?: string;
}

export interface FakeBotConnector {
  /** The serviceUrl to put on activities. */
  url: string;
  requests: RecordedRequest[];
  /** Members answered by GET /v3/conversations/{any}/members/{id}. */
  addMember(member: RosterMember): void;
  /** The next `count` writes (POST/PUT) get this status. */
  failNext(status: number, count?: number, headers?: Record<string, string>): void;
  /** Activities posted to one conversation, oldest first. */
  posted(conversationId: string): Record<string, unknown>[];
  /** Bodies of the bot's `POST /v3/conversations` (create conversation) requests, oldest first. */
  created(): Record<string, unknown>[];
  /**
   * An upload URL as Teams hands out in a file consent accept (`uploadInfo.uploadUrl`, a OneDrive
   * upload session in real life): PUT bytes there are kept for `uploads()`.
   */
  uploadUrl(name: string): string;
  uploads(): { name: string; bytes: Buffer; contentRange: string | undefined }[];
  /** The personal conversation the bot opened (or was given) with a user. */
  personalConversationOf(userId: string): string;
  close(): Promise<void>;
}

const readBody = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const text = Buffer.concat(chunks).toString("utf8");
  if (text === "") return {};
  const parsed: unknown = JSON.parse(text);
  return typeof parsed === "object" && parsed !== null ? Object.fromEntries(Object.entries(parsed)) : {};
};

export const startFakeBotConnector = async (): Promise<FakeBotConnector> => {
  const requests: RecordedRequest[] = [];
  const members = new Map<string, RosterMember>();
  const failures: { status: number; headers: Record<string, string> }[] = [];
  let counter = 0;

  const uploads: { name: string; bytes: Buffer; contentRange: string | undefined }[] = [];
  const server: Server = createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (path.startsWith("/upload/") && req.method === "PUT") {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
      const bytes = Buffer.concat(chunks);
      const contentRange = req.headers["content-range"];
      uploads.push({ name: decodeURIComponent(path.slice("/upload/".length)), bytes, contentRange });
      // OneDrive answers the last range of an upload session with the created item.
      res.writeHead(201, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: `item-${++counter}`, size: bytes.length }));
      return;
    }
    const body = await readBody(req);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(payload));
    };
    const m = /^\/v3\/conversations(?:\/([^/]+)(?:\/(activities|members)(?:\/([^/]+))?)?)?\/?$/.exec(path);
    const conversationId = m?.[1] ? decodeURIComponent(m[1]) : undefined;
    if (req.method === "GET" && m?.[2] === "members" && m[3]) {
      const member = members.get(decodeURIComponent(m[3]));
      if (member) send(200, { ...member, userPrincipalName: member.email });
      else send(404, { error: { code: "MemberNotFoundInConversation", message: "not found" } });
      return;
    }
    requests.push({ method: req.method ?? "", path, ...(conversationId ? { conversationId } : {}), body });
    const failure = failures.shift();
    if (failure) {
      send(
        failure.status,
        { error: { code: "Refused", message: `fake ${failure.status}` } },
        failure.headers,
      );
      return;
    }
    if (req.method === "POST" && m && !m[1]) {
      // Create conversation: Teams answers with the existing 1:1 chat of that user, whether
      // they are named by their Teams id or by their AAD object id.
      const member = Array.isArray(body.members) ? body.members[0] : undefined;
      const id = member && typeof member === "object" && "id" in member ? String(member.id) : "unknown";
      const known = [...members.values()].find((m) => m.aadObjectId === id)?.id ?? id;
      send(201, { id: `a:personal-${known}`, activityId: `act-${++counter}` });
      return;
    }
    if ((req.method === "POST" || req.method === "PUT") && m?.[2] === "activities") {
      send(200, { id: m[3] && req.method === "PUT" ? decodeURIComponent(m[3]) : `act-${++counter}` });
      return;
    }
    send(404, { error: { code: "NotFound", message: path } });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    addMember: (member) => members.set(member.id, member),
    failNext: (status, count = 1, headers = {}) => {
      for (let i = 0; i < count; i++) failures.push({ status, headers });
    },
    posted: (conversationId) =>
      requests
        .filter(
          (r) => r.method === "POST" && r.conversationId === conversationId && r.path.includes("/activities"),
        )
        .map((r) => r.body),
    created: () =>
      requests.filter((r) => r.method === "POST" && r.path === "/v3/conversations").map((r) => r.body),
    uploadUrl: (name) => `http://127.0.0.1:${port}/upload/${encodeURIComponent(name)}`,
    uploads: () => [...uploads],
    personalConversationOf: (userId) => `a:personal-${userId}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
};

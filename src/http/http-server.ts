import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "pino";

/** A route the chat adapters mount on the shared server (Slack at /slack/events, Teams at /api/messages). */
export type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface Readiness {
  ready: boolean;
  details: Record<string, unknown>;
}

/**
 * How long a client may take, and how much it may send (docs/security.md, "HTTP limits"). Slack
 * and Teams send a request in one go; only a broken or hostile client trickles it.
 */
export interface HttpLimits {
  /** To send the request's headers. */
  headersTimeoutMs: number;
  /** To send the whole request, body included (not to wait for our answer). */
  requestTimeoutMs: number;
  /** An idle kept-alive connection between two requests. */
  keepAliveTimeoutMs: number;
  /** A body announced larger than this is refused (413) before any route reads it. */
  maxBodyBytes: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxBodyBytes: 1024 * 1024,
};

export interface HttpOptions {
  logger: Logger;
  readiness(): Promise<Readiness>;
  routes?: Record<string, Route>;
  /** Tests shorten the timeouts. */
  limits?: Partial<HttpLimits>;
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
};

/** One HTTP server for health checks and every chat platform's endpoint. */
export const createHttpServer = (opts: HttpOptions): Server => {
  const limits = { ...DEFAULT_HTTP_LIMITS, ...opts.limits };
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Node looks for expired requests this often (30 s by default, which would let a slow
      // request live twice its timeout).
      connectionsCheckingInterval: Math.max(
        50,
        Math.min(1000, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4)),
      ),
    },
    (req, res) => handle(opts, limits, req, res),
  );
  return server;
};

const handle = async (
  opts: HttpOptions,
  limits: HttpLimits,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> => {
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  try {
    if (Number(req.headers["content-length"] ?? 0) > limits.maxBodyBytes) {
      // Nothing of it is read: the connection closes once the answer is out.
      res.setHeader("connection", "close");
      json(res, 413, { error: "body too large" });
      return;
    }
    if (path === "/healthz" && (req.method === "GET" || req.method === "HEAD")) {
      json(res, 200, { ok: true });
      return;
    }
    if (path === "/readyz" && (req.method === "GET" || req.method === "HEAD")) {
      const r = await opts.readiness();
      json(res, r.ready ? 200 : 503, { ready: r.ready, ...r.details });
      return;
    }
    const route = opts.routes?.[path];
    if (route) {
      await route(req, res);
      return;
    }
    json(res, 404, { error: "not found" });
  } catch (e) {
    opts.logger.error({ path, err: e instanceof Error ? e : typeof e }, "http handler failed");
    if (!res.headersSent) json(res, 500, { error: "internal error" });
    else res.end();
  }
};

export const listen = (server: Server, port: number, host: string): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });

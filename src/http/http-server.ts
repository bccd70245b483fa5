import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "pino";

/** A route the chat adapters mount on the shared server (Slack at /slack/events, Teams at /api/messages). */
export type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface Readiness {
  ready: boolean;
  details: Record<string, unknown>;
}

export interface HttpOptions {
  logger: Logger;
  readiness(): Promise<Readiness>;
  routes?: Record<string, Route>;
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
};

/** One HTTP server for health checks and every chat platform's endpoint. */
export const createHttpServer = (opts: HttpOptions): Server =>
  createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    try {
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
  });

export const listen = (server: Server, port: number, host: string): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });

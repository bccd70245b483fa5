import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for a chat platform's message API on loopback: it records every message it
 * receives and answers each with the next scripted behaviour (then "ok" for ever):
 * - "ok": 200;
 * - "500": a server error;
 * - { status: 429, retryAfterS }: rate limited, with Retry-After;
 * - "timeout": the message is accepted (recorded) but the answer comes too late for the client;
 * - "gone": 404, a conversation that no longer exists.
 */
export type Behaviour = "ok" | "500" | "timeout" | "gone" | { status: 429; retryAfterS: number };

export interface Received {
  notification: number;
  to: string;
  text: string;
  answeredWith: string;
}

export interface FakeChatApi {
  url: string;
  /** Messages the platform took (and would show), in arrival order. */
  received: Received[];
  /** Every request, refused ones included, in arrival order. */
  requests: Received[];
  /** Behaviours for the next requests, in order. */
  script(...behaviours: Behaviour[]): void;
  close(): Promise<void>;
}

export const startFakeChatApi = async (options: { lateAnswerMs?: number } = {}): Promise<FakeChatApi> => {
  const queue: Behaviour[] = [];
  const received: Received[] = [];
  const requests: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString("utf8");
    });
    req.on("end", () => {
      const message = JSON.parse(body) as { notification: number; to: string; text: string };
      const next = queue.shift() ?? "ok";
      const answeredWith = typeof next === "string" ? next : `${next.status}`;
      requests.push({ ...message, answeredWith });
      if (next !== "500" && next !== "gone" && typeof next === "string") {
        received.push({ ...message, answeredWith });
      }
      if (next === "ok") res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      else if (next === "500") res.writeHead(500).end("internal error");
      else if (next === "gone") res.writeHead(404).end('{"ok":false,"error":"channel_not_found"}');
      else if (next === "timeout") {
        const timer = setTimeout(() => res.writeHead(200).end('{"ok":true}'), options.lateAnswerMs ?? 1_500);
        res.on("close", () => clearTimeout(timer));
      } else {
        res
          .writeHead(429, { "retry-after": String(next.retryAfterS) })
          .end('{"ok":false,"error":"ratelimited"}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/chat.postMessage`,
    received,
    requests,
    script: (...b) => void queue.push(...b),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

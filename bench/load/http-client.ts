import { Agent, request } from "node:http";

export interface HttpCall {
  method?: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpAnswer {
  /** 0 when the request failed before any status (refused, reset, timed out). */
  status: number;
  body: string;
  error?: string;
}

/**
 * Keep-alive connections, as Slack's and Microsoft's front ends hold to an app. With a timeout
 * set, Node's agent drops an idle connection a second before the server's announced Keep-Alive
 * timeout; without one it keeps it until the server closes it, and a request sent as the server
 * closes meets ECONNRESET (seen once in a full run at 700 a second), a fault of the client's.
 */
export const keepAliveAgent = (maxSockets = 256): Agent =>
  new Agent({ keepAlive: true, maxSockets, timeout: 60_000 });

/**
 * One request to a loopback server. Never rejects and never outlives `timeoutMs`: a hang is
 * reported as status 0 with error "timeout", which is what a user would have seen.
 */
export const send = (agent: Agent, base: string, call: HttpCall, timeoutMs = 10_000): Promise<HttpAnswer> =>
  new Promise((resolve) => {
    const url = new URL(call.path, base);
    if (url.hostname !== "127.0.0.1") {
      resolve({ status: 0, body: "", error: "refused: loopback only" });
      return;
    }
    let settled = false;
    const done = (a: HttpAnswer) => {
      if (!settled) {
        settled = true;
        resolve(a);
      }
    };
    const req = request(
      url,
      {
        method: call.method ?? "POST",
        agent,
        headers: {
          ...(call.body === undefined ? {} : { "content-length": String(Buffer.byteLength(call.body)) }),
          ...call.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", (e) => done({ status: 0, body: "", error: e.message }));
      },
    );
    req.setTimeout(timeoutMs, () => {
      req.destroy();
      done({ status: 0, body: "", error: "timeout" });
    });
    req.on("error", (e) => done({ status: 0, body: "", error: e.message }));
    if (call.body !== undefined) req.write(call.body);
    req.end();
  });

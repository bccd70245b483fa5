import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { webApi } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import { leanFetch } from "../../adapters/slack/lean-fetch.js";

/*
 * The Slack WebClient's fetch (adapters/slack/lean-fetch.ts) against real loopback servers: what
 * it sends and what it hands back, what WebClient makes of it, and fetch's promises (abort,
 * redirect, network errors) kept. Where fetch's own behaviour is the reference, both are asked.
 */
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
  remotePort: number | undefined;
  closed: Promise<void>;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

/** A loopback server that records each request, then hands it to `answer` (which may never answer). */
const serve = async (answer: (seen: Seen, res: ServerResponse) => void) => {
  const seen: Seen[] = [];
  const arrivals: (() => void)[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    const closed = once(req.socket, "close").then(() => undefined);
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = {
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks),
      remotePort: req.socket.remotePort,
      closed,
    };
    seen.push(request);
    for (const arrived of arrivals.splice(0)) arrived();
    answer(request, res);
  });
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  /** Resolves when the server has received `count` requests. */
  const arrived = async (count: number) => {
    while (seen.length < count) await new Promise<void>((resolve) => arrivals.push(resolve));
    return seen[count - 1] as Seen;
  };
  return { url, seen, arrived };
};

const rejectionOf = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => expect.fail("expected a rejection"),
    (e: unknown) => e,
  );

describe("leanFetch", () => {
  it("sends method, headers and body as given, with content-length, and hands back status, headers and body", async () => {
    const api = await serve((_, res) => {
      res.writeHead(201, "Made It", [
        ["Content-Type", "application/json; charset=utf-8"],
        ["X-Oauth-Scopes", "chat:write, im:write"],
        ["Set-Cookie", "a=1"],
        ["Set-Cookie", "b=2"],
      ]);
      res.end('{"ok":true,"text":"é"}');
    });
    const response = await leanFetch(`${api.url}/api/chat.postMessage?x=1`, {
      method: "post",
      headers: { Authorization: "Bearer xoxb-1", "Content-Type": "application/x-www-form-urlencoded" },
      body: "channel=U1&text=caf%C3%A9",
      redirect: "error",
    });
    expect(response.status).toBe(201);
    expect(response.statusText).toBe("Made It");
    expect(response.ok).toBe(true);
    expect(response.url).toBe(`${api.url}/api/chat.postMessage?x=1`);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("x-oauth-scopes")).toBe("chat:write, im:write");
    expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(await response.json()).toEqual({ ok: true, text: "é" });

    const [request] = api.seen;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("/api/chat.postMessage?x=1");
    expect(request?.headers.authorization).toBe("Bearer xoxb-1");
    expect(request?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(request?.headers["content-length"]).toBe(String(request?.body.length));
    expect(request?.body.toString()).toBe("channel=U1&text=caf%C3%A9");
    // Sent by node:http, not by the built-in fetch (which adds sec-fetch-mode to every request).
    expect(request?.headers["sec-fetch-mode"]).toBeUndefined();
  });

  it("keeps the connection open for the next request", async () => {
    const api = await serve((_, res) => {
      res.end("ok");
    });
    for (let i = 0; i < 3; i++) {
      const response = await leanFetch(api.url, { method: "POST", body: `n=${i}`, redirect: "error" });
      expect(await response.text()).toBe("ok");
    }
    expect(new Set(api.seen.map((s) => s.remotePort)).size).toBe(1);
  });

  it("answers like fetch for bodies of each kind, empty answers, HEAD and compressed answers", async () => {
    const api = await serve((seen, res) => {
      if (seen.url === "/empty") res.writeHead(204).end();
      else if (seen.url === "/gzip")
        res.writeHead(200, { "content-encoding": "gzip" }).end(gzipSync(Buffer.from("squeezed")));
      else res.writeHead(200, { "x-got": seen.headers["content-type"] ?? "none" }).end(seen.body);
    });
    const cases: [string, RequestInit][] = [
      ["/", { method: "POST", body: "plain" }],
      ["/", { method: "POST", body: new URLSearchParams({ a: "1", b: "é" }) }],
      ["/", { method: "PUT", body: Buffer.from([0, 1, 2, 255]) }],
      ["/", { method: "POST", body: new Uint8Array([7, 8, 9]) }],
      ["/", { method: "POST" }],
      ["/", { method: "GET" }],
      ["/", { method: "HEAD" }],
      ["/empty", { method: "POST", body: "x" }],
      ["/gzip", { method: "POST", body: "x" }],
    ];
    for (const [path, init] of cases) {
      const theirs = await fetch(`${api.url}${path}`, { ...init, redirect: "error" });
      const ours = await leanFetch(`${api.url}${path}`, { ...init, redirect: "error" });
      const label = `${init.method} ${path} ${init.body?.constructor.name}`;
      expect(ours.status, label).toBe(theirs.status);
      expect(ours.headers.get("x-got"), label).toBe(theirs.headers.get("x-got"));
      expect(ours.body === null, label).toBe(theirs.body === null);
      expect(Buffer.from(await ours.arrayBuffer()), label).toEqual(Buffer.from(await theirs.arrayBuffer()));
    }
    // The server saw the same bodies from both, with the same lengths.
    const pairs = api.seen.map((s) => [s.method, s.headers["content-length"], s.body.toString("hex")]);
    for (let i = 0; i < pairs.length; i += 2) expect(pairs[i + 1]).toEqual(pairs[i]);
  });

  it("serves a real WebClient: the call's JSON arrives as Slack's form body, the answer comes back parsed", async () => {
    const api = await serve((_, res) => {
      res.writeHead(200, { "content-type": "application/json", "x-oauth-scopes": "chat:write" });
      res.end(JSON.stringify({ ok: true, channel: "D1", ts: "1700000000.000100" }));
    });
    const client = new webApi.WebClient("xoxb-test", {
      slackApiUrl: `${api.url}/api/`,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      fetch: leanFetch,
    });
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*T-1* · Cite-check" } }];
    const result = await client.chat.postMessage({ channel: "U1", text: "T-1", blocks });
    expect(result.ok).toBe(true);
    expect(result.ts).toBe("1700000000.000100");
    expect(result.response_metadata?.scopes).toEqual(["chat:write"]);
    const [request] = api.seen;
    expect(request?.url).toBe("/api/chat.postMessage");
    expect(request?.headers.authorization).toBe("Bearer xoxb-test");
    expect(request?.headers["sec-fetch-mode"]).toBeUndefined();
    const form = new URLSearchParams(request?.body.toString());
    expect(form.get("channel")).toBe("U1");
    expect(JSON.parse(form.get("blocks") ?? "null")).toEqual(blocks);
  });

  it("through a WebClient, a 429 with Retry-After is its rate-limited error, a 500 its HTTP error", async () => {
    const api = await serve((seen, res) => {
      if (seen.url.endsWith("chat.postMessage")) {
        res.writeHead(429, { "retry-after": "7", "content-type": "application/json" });
        res.end('{"ok":false,"error":"ratelimited"}');
      } else {
        res.writeHead(500, "Oops", { "x-slack-req-id": "r1" }).end("down");
      }
    });
    const client = new webApi.WebClient("xoxb-test", {
      slackApiUrl: `${api.url}/api/`,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      fetch: leanFetch,
    });
    const limited = await rejectionOf(client.chat.postMessage({ channel: "U1", text: "hi" }));
    expect(limited).toBeInstanceOf(webApi.WebAPIRateLimitedError);
    expect((limited as webApi.WebAPIRateLimitedError).retryAfter).toBe(7);
    const failed = await rejectionOf(client.conversations.open({ users: "U1" }));
    expect(failed).toBeInstanceOf(webApi.WebAPIHTTPError);
    const http = failed as webApi.WebAPIHTTPError;
    expect([http.statusCode, http.statusMessage, http.body]).toEqual([500, "Oops", "down"]);
    expect(http.headers["x-slack-req-id"]).toBe("r1");
  });

  it("rejects at once with the reason of a signal already aborted, sending nothing", async () => {
    const api = await serve((_, res) => {
      res.end("ok");
    });
    const controller = new AbortController();
    controller.abort();
    const e = await rejectionOf(
      leanFetch(api.url, { method: "POST", body: "x", redirect: "error", signal: controller.signal }),
    );
    expect(e).toBe(controller.signal.reason);
    expect((e as DOMException).name).toBe("AbortError");
    // A request that was sent would be on the server before this second one, on the same connection or not.
    await (await leanFetch(api.url, { method: "POST", body: "y", redirect: "error" })).text();
    expect(api.seen.map((s) => s.body.toString())).toEqual(["y"]);
  });

  it("an abort while waiting for the answer closes the request and rejects with the signal's reason", async () => {
    const api = await serve(() => undefined);
    const controller = new AbortController();
    const pending = leanFetch(api.url, {
      method: "POST",
      body: "x",
      redirect: "error",
      signal: controller.signal,
    });
    const request = await api.arrived(1);
    const reason = new Error("gave up");
    controller.abort(reason);
    expect(await rejectionOf(pending)).toBe(reason);
    await request.closed;

    // A timeout signal's reason is fetch's: a DOMException named TimeoutError. The server never
    // answers, so the timeout is what ends it, whatever the machine's speed.
    const timedOut = await rejectionOf(
      leanFetch(api.url, { method: "POST", body: "x", redirect: "error", signal: AbortSignal.timeout(500) }),
    );
    expect(timedOut).toBeInstanceOf(DOMException);
    expect((timedOut as DOMException).name).toBe("TimeoutError");
    await (await api.arrived(2)).closed;
  });

  it("rejects a redirect with fetch's TypeError, as redirect: error asks", async () => {
    const api = await serve((_, res) => {
      res.writeHead(302, { location: "/elsewhere" }).end("moved");
    });
    const init: RequestInit = { method: "POST", body: "x", redirect: "error" };
    const theirs = await rejectionOf(fetch(api.url, init));
    const ours = await rejectionOf(leanFetch(api.url, init));
    expect(ours).toBeInstanceOf(TypeError);
    expect((ours as Error).message).toBe((theirs as Error).message);
    expect(((ours as Error).cause as Error).message).toBe(((theirs as Error).cause as Error).message);
    expect(api.seen.map((s) => s.url)).toEqual(["/", "/"]);
  });

  it("rejects a refused connection with TypeError('fetch failed') carrying the cause", async () => {
    const closed = createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const { port } = closed.address() as AddressInfo;
    closed.close();
    await once(closed, "close");
    const e = await rejectionOf(
      leanFetch(`http://127.0.0.1:${port}/`, { method: "POST", body: "x", redirect: "error" }),
    );
    expect(e).toBeInstanceOf(TypeError);
    expect((e as Error).message).toBe("fetch failed");
    expect(((e as Error).cause as NodeJS.ErrnoException).code).toBe("ECONNREFUSED");
  });

  it("leaves FormData (file uploads) and redirects it would follow to the built-in fetch", async () => {
    const api = await serve((_, res) => {
      res.end("ok");
    });
    const form = new FormData();
    form.append("file", new Blob([Buffer.from("%PDF")]), "packet.pdf");
    await (await leanFetch(api.url, { method: "POST", body: form, redirect: "error" })).text();
    await (await leanFetch(api.url, { method: "POST", body: "x" })).text();
    const [upload, followed] = api.seen;
    expect(upload?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload?.body.toString()).toContain('filename="packet.pdf"');
    // The built-in fetch marks what it sends; node:http does not.
    expect(upload?.headers["sec-fetch-mode"]).toBe("cors");
    expect(followed?.headers["sec-fetch-mode"]).toBe("cors");
  });
});

import http from "node:http";
import https from "node:https";
import zlib from "node:zlib";

/**
 * fetch for the Slack WebClient (its `fetch` option), over node:http instead of Node's built-in
 * fetch. Every delivered notification is a chat.postMessage, and the built-in fetch (undici's
 * Request, Headers and streams) plus the WebClient cost about 0.6 ms of CPU a message, a seventh
 * of an `assign`'s server CPU (docs/performance.md, "The Slack Web API client"). WebClient sends
 * an ordinary call as one small form-encoded string, so a plain request on a keep-alive socket
 * does the same work for less; its answer is buffered and handed over as a real Response.
 *
 * Only what WebClient's calls use takes this path: an http(s) URL given as a string or URL, a
 * string, URLSearchParams or byte body (or none), `redirect: "error"`. Anything else (FormData for
 * file uploads, streams, Request objects, other redirect modes) goes to globalThis.fetch unchanged.
 * What fetch promises and WebClient relies on is kept: an aborted signal rejects with its reason
 * (at once, or mid-flight, closing the request); a redirect rejects with a TypeError; a network
 * failure rejects with TypeError("fetch failed") carrying the cause; compressed answers are
 * decoded.
 */

/** Like undici's defaults: idle sockets kept 4 s (less if the server's Keep-Alive says so). */
const KEEP_ALIVE = { keepAlive: true, timeout: 4_000 } as const;
const agents = { "http:": new http.Agent(KEEP_ALIVE), "https:": new https.Agent(KEEP_ALIVE) };
/** undici gives up on a server that sends nothing for 300 s (headers or body); so do we. */
const IDLE_TIMEOUT_MS = 300_000;
/** The methods fetch spells in capitals whatever the caller's case; others fall back. */
const METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH"]);
/** fetch's redirect statuses: with `redirect: "error"` each is a network error (300 is not). */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Statuses whose Response must have a null body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
const DECODERS: Record<string, (buf: Buffer, cb: zlib.CompressCallback) => void> = {
  gzip: zlib.gunzip,
  "x-gzip": zlib.gunzip,
  deflate: zlib.inflate,
  br: zlib.brotliDecompress,
};

const fetchFailed = (cause: unknown) => new TypeError("fetch failed", { cause });

/** The request body as bytes, with fetch's default content type; "other" when fetch must handle it. */
const bodyOf = (body: unknown): { bytes?: Uint8Array; type?: string } | "other" => {
  if (body === undefined || body === null) return {};
  if (typeof body === "string") return { bytes: Buffer.from(body), type: "text/plain;charset=UTF-8" };
  if (body instanceof URLSearchParams)
    return { bytes: Buffer.from(body.toString()), type: "application/x-www-form-urlencoded;charset=UTF-8" };
  if (body instanceof Uint8Array) return { bytes: body };
  return "other";
};

/** The caller's headers with lower-case names (a record, a Headers or pairs), as fetch combines them. */
const headersOf = (init: RequestInit["headers"]): Record<string, string> => {
  const out: Record<string, string> = {};
  if (!init) return out;
  const pairs =
    init instanceof Headers || Array.isArray(init) ? new Headers(init).entries() : Object.entries(init);
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    out[key] = out[key] === undefined ? String(value) : `${out[key]}, ${value}`;
  }
  return out;
};

export const leanFetch: typeof fetch = async (input, init) => {
  const url = typeof input === "string" ? new URL(input) : input instanceof URL ? input : undefined;
  const method = (init?.method ?? "GET").toUpperCase();
  const body = bodyOf(init?.body);
  if (
    !url ||
    (url.protocol !== "http:" && url.protocol !== "https:") ||
    url.username ||
    url.password ||
    init?.redirect !== "error" ||
    !METHODS.has(method) ||
    body === "other" ||
    ((method === "GET" || method === "HEAD") && body.bytes)
  ) {
    return globalThis.fetch(input, init);
  }
  const signal = init.signal ?? undefined;
  if (signal?.aborted) throw signal.reason;

  const headers = headersOf(init.headers);
  if (body.type && headers["content-type"] === undefined) headers["content-type"] = body.type;
  if (body.bytes) headers["content-length"] = String(body.bytes.byteLength);
  else if (method === "POST" || method === "PUT") headers["content-length"] = "0";
  else delete headers["content-length"];

  const answer = await leanRequest(url, method, headers, body.bytes, signal);
  try {
    const pairs: [string, string][] = [];
    for (let i = 0; i < answer.rawHeaders.length; i += 2)
      pairs.push([answer.rawHeaders[i] as string, answer.rawHeaders[i + 1] as string]);
    const nullBody = method === "HEAD" || NULL_BODY.has(answer.status);
    const response = new Response(nullBody ? null : answer.body, {
      status: answer.status,
      statusText: answer.statusText,
      headers: pairs,
    });
    // WebClient reads `url` (admin.analytics.getFile); a constructed Response has "".
    Object.defineProperty(response, "url", { value: url.href });
    return response;
  } catch (e) {
    throw fetchFailed(e);
  }
};

/** An answer read whole: status, headers as sent (name, value, name, …) and the decoded body. */
export interface LeanAnswer {
  status: number;
  statusText: string;
  rawHeaders: string[];
  /** Lower-case names, as node:http gives them. */
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One request on the keep-alive agents, its answer buffered and decoded. Failures reject as
 * fetch's do: the signal's reason when aborted, TypeError("fetch failed") with the cause for a
 * network error, a redirect or an undecodable body.
 */
export const leanRequest = (
  url: URL,
  method: string,
  headers: Record<string, string>,
  bytes: Uint8Array | undefined,
  signal?: AbortSignal,
): Promise<LeanAnswer> =>
  new Promise<LeanAnswer>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      fn();
    };
    const fail = (error: unknown) => settle(() => reject(error));
    const onAbort = () => {
      fail(signal?.reason);
      req.destroy();
    };
    const transport = url.protocol === "https:" ? https : http;
    const req = transport.request(url, {
      method,
      headers,
      agent: agents[url.protocol as "http:" | "https:"],
    });
    req.setTimeout(IDLE_TIMEOUT_MS, () => req.destroy(new Error(`no answer for ${IDLE_TIMEOUT_MS} ms`)));
    req.on("error", (e) => fail(fetchFailed(e)));
    req.on("response", (res) => {
      const status = res.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        res.destroy();
        fail(fetchFailed(new Error("unexpected redirect")));
        return;
      }
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", (e) => fail(fetchFailed(e)));
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        const done = (body: Buffer) =>
          settle(() =>
            resolve({
              status,
              statusText: res.statusMessage ?? "",
              rawHeaders: res.rawHeaders,
              headers: res.headers,
              body,
            }),
          );
        const decode = DECODERS[String(res.headers["content-encoding"] ?? "").toLowerCase()];
        if (!decode || raw.length === 0) done(raw);
        else decode(raw, (e, out) => (e ? fail(fetchFailed(e)) : done(out)));
      });
    });
    signal?.addEventListener("abort", onAbort, { once: true });
    req.end(bytes);
  });

import type { IncomingMessage, ServerResponse } from "node:http";
import type { Request, Response } from "botbuilder";

/** Teams activities are small; a card submit with long instructions is still far under this. */
export const MAX_BODY_BYTES = 256 * 1024;

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = "BodyError";
  }
}

/** Reads and parses a JSON body, refusing anything over the limit before it is all in memory. */
export const readJsonBody = async (
  req: IncomingMessage,
  limit = MAX_BODY_BYTES,
): Promise<Record<string, unknown>> => {
  const type = req.headers["content-type"] ?? "";
  if (!/^application\/json\b/i.test(type)) throw new BodyError(415, "expected application/json");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) throw new BodyError(413, "body too large");
    chunks.push(buffer);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new BodyError(400, "body is not JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new BodyError(400, "body is not a JSON object");
  }
  return Object.fromEntries(Object.entries(parsed));
};

/** The express-like request botbuilder's `process` wants: a parsed body, headers, method. */
export const shimRequest = (req: IncomingMessage, body: Record<string, unknown>): Request => ({
  body,
  headers: req.headers,
  method: req.method ?? "POST",
});

/** The express-like response botbuilder writes its status and invoke body to. */
export const shimResponse = (
  res: ServerResponse,
  mapStatus: (status: number) => number = (s) => s,
): Response => {
  let payload: string | undefined;
  return {
    socket: res.socket,
    status(code: number) {
      res.statusCode = mapStatus(code);
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
    },
    send(body?: unknown) {
      if (body === undefined) return;
      // A refused request learns nothing of why (botbuilder would echo the exception).
      if (res.statusCode === 401) {
        payload = JSON.stringify({ error: "unauthorized" });
        res.setHeader("content-type", "application/json; charset=utf-8");
        return;
      }
      if (typeof body === "string" || Buffer.isBuffer(body)) {
        payload = body.toString();
        if (!res.hasHeader("content-type")) res.setHeader("content-type", "text/plain; charset=utf-8");
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

/** A peer on this machine (the Bot Framework Emulator, a tunnel's local end). */
export const isLoopback = (address: string | undefined): boolean =>
  address === "127.0.0.1" ||
  address === "::1" ||
  address === "::ffff:127.0.0.1" ||
  (address?.startsWith("127.") ?? false);

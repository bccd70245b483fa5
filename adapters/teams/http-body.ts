/// <reference lib="es2024.string" />
import type { IncomingMessage } from "node:http";

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

/**
 * Decoded UTF-8 is always well formed; only a `\uD800`-style escape in the JSON can make half a
 * surrogate pair (a client that cut an emoji in two). PostgreSQL refuses those in jsonb, so they
 * are repaired here, at the boundary, into U+FFFD: every string the turn sees is well formed.
 */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
const wellFormed = (_key: string, value: unknown): unknown =>
  typeof value === "string" ? value.toWellFormed() : value;

const parseObject = (text: string): Record<string, unknown> => {
  let parsed: unknown;
  try {
    parsed = SURROGATE_ESCAPE.test(text) ? JSON.parse(text, wellFormed) : JSON.parse(text);
  } catch {
    throw new BodyError(400, "body is not JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new BodyError(400, "body is not a JSON object");
  }
  return parsed as Record<string, unknown>;
};

/**
 * Reads and parses a JSON body, refusing anything over the limit before it is all in memory.
 * (Plain stream events: an async iterator over the request costs more than the rest of the read.)
 */
export const readJsonBody = (
  req: IncomingMessage,
  limit = MAX_BODY_BYTES,
): Promise<Record<string, unknown>> =>
  new Promise((resolve, reject) => {
    const type = req.headers["content-type"] ?? "";
    if (!/^application\/json\b/i.test(type)) {
      reject(new BodyError(415, "expected application/json"));
      return;
    }
    if (Number(req.headers["content-length"]) > limit) {
      reject(new BodyError(413, "body too large"));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onFailure);
      req.off("close", onFailure);
    };
    function onData(chunk: Buffer | string) {
      const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > limit) {
        // The rest is read and dropped while we answer 413.
        stop();
        reject(new BodyError(413, "body too large"));
        return;
      }
      chunks.push(buffer);
    }
    function onEnd() {
      stop();
      const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
      try {
        resolve(parseObject(body.toString("utf8")));
      } catch (e) {
        reject(e);
      }
    }
    function onFailure() {
      stop();
      reject(new BodyError(400, "request ended before its body"));
    }
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onFailure);
    req.on("close", onFailure);
  });

/** A peer on this machine (the Bot Framework Emulator, a tunnel's local end). */
export const isLoopback = (address: string | undefined): boolean =>
  address === "127.0.0.1" ||
  address === "::1" ||
  address === "::ffff:127.0.0.1" ||
  (address?.startsWith("127.") ?? false);

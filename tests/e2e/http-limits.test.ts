import { connect, type Socket } from "node:net";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import { type RunningServer, startServer } from "../../src/start-server.js";
import { testDatabase } from "../support/test-database.js";

/*
 * Header and request timeouts and the body limit, on every route of the real server (Teams in
 * emulator mode, Slack over HTTP, health, an unknown path). Timeouts are shortened for the test;
 * production's are in src/http/server.ts (DEFAULT_HTTP_LIMITS).
 */
const HEADERS_TIMEOUT_MS = 1_000;
const REQUEST_TIMEOUT_MS = 2_000;
const ROUTES = ["/api/messages", "/slack/events", "/healthz", "/nope"];

interface Slow {
  /** Resolves with how long the server let it live, and what it answered (if anything). */
  closed: Promise<{ ms: number; answer: string }>;
  socket: Socket;
}

/** A client that sends `head` now and then one more byte of `trickle` every second, forever. */
const slowClient = (port: number, head: string, trickle: string): Slow => {
  const socket = connect(port, "127.0.0.1");
  const started = Date.now();
  let answer = "";
  let i = 0;
  const timer = setInterval(() => {
    if (!socket.destroyed && socket.writable) socket.write(trickle[i++ % trickle.length] ?? " ");
  }, 1_000);
  socket.on("connect", () => socket.write(head));
  socket.on("data", (d) => {
    answer += String(d);
  });
  // The server closing (or resetting) the connection is what is being waited for.
  socket.on("error", () => undefined);
  const closed = new Promise<{ ms: number; answer: string }>((resolve) => {
    socket.on("close", () => {
      clearInterval(timer);
      resolve({ ms: Date.now() - started, answer });
    });
  });
  return { closed, socket };
};

describe("HTTP limits on every route", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(
      parseConfig({
        PORT: "0",
        HOST: "127.0.0.1",
        TEAMS_EMULATOR: "true",
        SLACK_SIGNING_SECRET: "test-signing-secret",
        SLACK_BOT_TOKEN: "xoxb-test",
        SLACK_API_URL: "http://127.0.0.1:9/api/",
      }),
      pino({ level: "silent" }),
      {
        database: await testDatabase(),
        scheduler: false,
        outboxIntervalMs: 3_600_000,
        httpLimits: { headersTimeoutMs: HEADERS_TIMEOUT_MS, requestTimeoutMs: REQUEST_TIMEOUT_MS },
      },
    );
  });
  afterAll(() => server.stop());

  it("closes 50 connections that send their body a byte a second, and 10 that never finish their headers", async () => {
    const slowBodies = Array.from({ length: 50 }, (_, k) => {
      const path = ROUTES[k % ROUTES.length];
      const type = path === "/slack/events" ? "application/x-www-form-urlencoded" : "application/json";
      return slowClient(
        server.port,
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${type}\r\nContent-Length: 100000\r\n\r\n{`,
        '"a":1,',
      );
    });
    const slowHeaders = Array.from({ length: 10 }, (_, k) =>
      slowClient(
        server.port,
        `POST ${ROUTES[k % ROUTES.length]} HTTP/1.1\r\nHost: 127.0.0.1\r\n`,
        "X-Slow: y\r\n",
      ),
    );
    const bodies = await Promise.all(slowBodies.map((c) => c.closed));
    const headers = await Promise.all(slowHeaders.map((c) => c.closed));
    // Closed by the server, not by the trickle ending (it never does): within a few checking
    // intervals of the timeout, far below Node's default of 300 s. The bound is loose for a busy machine.
    for (const { ms } of [...bodies, ...headers]) {
      expect(ms).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100);
      expect(ms).toBeLessThan(REQUEST_TIMEOUT_MS + 15_000);
    }
    // Requests no route has answered yet get Node's 408.
    expect(bodies.filter((b) => b.answer.startsWith("HTTP/1.1 408")).length).toBeGreaterThan(0);
    // The server still serves.
    expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200);
  }, 60_000);

  it("refuses a body announced larger than the limit on every route, before reading it", async () => {
    for (const path of ROUTES) {
      const res = await fetch(`http://127.0.0.1:${server.port}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "x".repeat(1024 * 1024 + 1),
      });
      expect(res.status, path).toBe(413);
    }
  });

  it("refuses an oversized Teams body sent without a length (chunked)", async () => {
    const chunks = async function* () {
      for (let i = 0; i < 40; i++) yield new TextEncoder().encode("x".repeat(16 * 1024));
    };
    const res = await fetch(`http://127.0.0.1:${server.port}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: ReadableStream.from(chunks()),
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
  });
});

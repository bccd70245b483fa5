import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

/**
 * A loopback stand-in for Slack's Socket Mode server, speaking its protocol as Slack documents it
 * (https://docs.slack.dev/apis/events-api/using-socket-mode): the app asks the Web API's
 * `apps.connections.open` for a `wss://` URL (here `ws://127.0.0.1:…`), connects, gets `hello`,
 * then receives envelopes `{ envelope_id, type, payload, accepts_response_payload }` and answers
 * each with `{ envelope_id, payload? }`. A `disconnect` message asks the app to connect again.
 */
export interface Ack {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export interface FakeSocketMode {
  /** What apps.connections.open hands out. */
  url: string;
  /** Connections opened so far (each got its `hello`). */
  connections(): number;
  /** Sends one envelope on the newest connection; resolves with the app's acknowledgement. */
  send(type: "slash_commands" | "interactive" | "events_api", payload: unknown, extra?: object): Promise<Ack>;
  /** Sends `disconnect` (as Slack does before recycling a server) and waits for the app to come back. */
  recycle(): Promise<void>;
  close(): Promise<void>;
}

/** Slack pings every connection; Bolt's client treats 30 s without one as a dead socket. */
const PING_EVERY_MS = 5_000;

export const startFakeSocketMode = async (): Promise<FakeSocketMode> => {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0, path: "/link" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const sockets: WebSocket[] = [];
  const acks = new Map<string, (ack: Ack) => void>();
  const connected: (() => void)[] = [];

  server.on("connection", (socket) => {
    sockets.push(socket);
    const ping = setInterval(() => socket.ping(), PING_EVERY_MS);
    socket.on("close", () => clearInterval(ping));
    socket.on("message", (data) => {
      const ack = JSON.parse(String(data)) as Ack;
      acks.get(ack.envelope_id)?.(ack);
      acks.delete(ack.envelope_id);
    });
    socket.send(
      JSON.stringify({
        type: "hello",
        num_connections: 1,
        debug_info: { host: "applink-fake", build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: "A0DELEGATE" },
      }),
    );
    for (const resolve of connected.splice(0)) resolve();
  });

  const newest = (): WebSocket => {
    const socket = sockets.at(-1);
    if (!socket) throw new Error("the app has not connected");
    return socket;
  };
  const { port } = server.address() as AddressInfo;

  return {
    url: `ws://127.0.0.1:${port}/link?ticket=${randomUUID()}`,
    connections: () => sockets.length,
    send: (type, payload, extra = {}) =>
      new Promise<Ack>((resolve) => {
        const envelope_id = randomUUID();
        acks.set(envelope_id, resolve);
        newest().send(
          JSON.stringify({
            envelope_id,
            type,
            payload,
            accepts_response_payload: type !== "events_api",
            ...extra,
          }),
        );
      }),
    async recycle() {
      const before = sockets.length;
      const back = new Promise<void>((resolve) => connected.push(resolve));
      newest().send(
        JSON.stringify({
          type: "disconnect",
          reason: "refresh_requested",
          debug_info: { host: "applink-fake" },
        }),
      );
      await back;
      if (sockets.length <= before) throw new Error("the app did not connect again");
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.terminate();
        server.close(() => resolve());
      }),
  };
};

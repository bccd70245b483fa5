import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";

/**
 * A loopback TCP proxy in front of a real server, which a test can break the way networks and
 * servers break:
 * - `cut()`: the server is gone. Open connections are reset and new ones refused (ECONNREFUSED),
 *   as when PostgreSQL is stopped.
 * - `blackhole()`: the network stops delivering. Connections stay open and new ones are accepted,
 *   but nothing goes through in either direction: statements are never answered and logins never
 *   complete, as in a partition.
 * - `blackholeFrom(bytes)`: a blackhole that starts with the first message carrying `bytes` (say,
 *   a COMMIT), which is held too.
 * - `restore()`: back to normal. After a blackhole what was held is delivered, as TCP would once
 *   the partition heals; after a cut the port listens again.
 */
export interface TcpProxy {
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  url(url: string): string;
  cut(): Promise<void>;
  blackhole(): void;
  /** Blackholes from the first client bytes that contain `bytes` on (those are held too). */
  blackholeFrom(bytes: Buffer): void;
  restore(): Promise<void>;
  /** Connections accepted so far (to show that a refused request never reached the server). */
  readonly accepted: number;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket | undefined;
  /** Bytes held while blackholed, per direction. */
  toServer: Buffer[];
  toClient: Buffer[];
}

export const startTcpProxy = async (target: { host: string; port: number }): Promise<TcpProxy> => {
  let mode: "open" | "cut" | "blackhole" = "open";
  let trigger: Buffer | undefined;
  let accepted = 0;
  const pairs = new Set<Pair>();

  const drop = (p: Pair) => {
    pairs.delete(p);
    p.client.destroy();
    p.upstream?.destroy();
  };

  const flush = (p: Pair) => {
    if (!p.upstream) {
      const upstream = tcpConnect(target.port, target.host);
      p.upstream = upstream;
      upstream.on("data", (d) => (mode === "open" ? p.client.write(d) : p.toClient.push(d)));
      upstream.on("error", () => drop(p));
      upstream.on("close", () => drop(p));
    }
    for (const d of p.toServer.splice(0)) p.upstream.write(d);
    for (const d of p.toClient.splice(0)) p.client.write(d);
  };

  const onConnection = (client: Socket) => {
    accepted++;
    const p: Pair = { client, upstream: undefined, toServer: [], toClient: [] };
    pairs.add(p);
    client.on("data", (d) => {
      if (trigger && d.includes(trigger)) {
        trigger = undefined;
        mode = "blackhole";
      }
      if (mode === "open" && p.upstream) p.upstream.write(d);
      else p.toServer.push(d);
    });
    client.on("error", () => drop(p));
    client.on("close", () => drop(p));
    if (mode === "open") flush(p);
  };

  let server: Server = createServer(onConnection);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("proxy has no port");
  const port = address.port;

  const stopListening = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
    });

  return {
    port,
    get accepted() {
      return accepted;
    },
    url: (url) => {
      const u = new URL(url);
      u.hostname = "127.0.0.1";
      u.port = String(port);
      return u.toString();
    },
    cut: async () => {
      mode = "cut";
      const closing = stopListening();
      for (const p of [...pairs]) {
        p.client.resetAndDestroy();
        drop(p);
      }
      await closing;
    },
    blackhole: () => {
      mode = "blackhole";
    },
    blackholeFrom: (bytes) => {
      trigger = bytes;
    },
    restore: async () => {
      const was = mode;
      mode = "open";
      trigger = undefined;
      if (was === "cut") {
        server = createServer(onConnection);
        await new Promise<void>((resolve, reject) => {
          server.once("error", reject);
          server.listen(port, "127.0.0.1", () => resolve());
        });
      }
      for (const p of pairs) flush(p);
    },
    close: async () => {
      mode = "cut";
      for (const p of [...pairs]) drop(p);
      if (server.listening) await stopListening();
    },
  };
};

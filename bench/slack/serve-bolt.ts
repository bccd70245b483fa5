import { createServer } from "node:http";
import type { HTTPReceiver } from "@slack/bolt";

/**
 * Serves an anchor app's Bolt receiver on a plain node:http server, the way Delegate mounts its own,
 * with the same /readyz probe the bench waits on. `stopped` runs after the server closes on SIGTERM.
 */
export const serveBolt = (receiver: HTTPReceiver, port: number, stopped: () => Promise<unknown>): void => {
  const server = createServer((req, res) => {
    if (req.url === "/readyz") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"ready":true}');
      return;
    }
    receiver.requestListener(req, res);
  });
  server.listen(port, "127.0.0.1");
  process.once("SIGTERM", () => server.close(() => void stopped().finally(() => process.exit(0))));
};

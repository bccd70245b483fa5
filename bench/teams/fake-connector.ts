import { createServer, type Server } from "node:http";

export interface FakeConnector {
  /** The serviceUrl activities carry. */
  url: string;
  /** Activities the bots posted (replies, proactive messages). */
  posts: number;
  close(): Promise<void>;
}

/**
 * A loopback Bot Connector that accepts every reply (POST …/activities[/{id}]), conversation
 * creation and update, answering at once: the bench times the bots, not Microsoft.
 */
export const startFakeConnector = async (): Promise<FakeConnector> => {
  const state = { posts: 0 };
  let counter = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      state.posts++;
      res.writeHead(req.method === "POST" ? 201 : 200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: `act-${++counter}`, activityId: `act-${counter}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const a = server.address();
  const port = typeof a === "object" && a ? a.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    get posts() {
      return state.posts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

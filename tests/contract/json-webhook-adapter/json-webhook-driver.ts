import { createServer, type Server } from "node:http";
import pino from "pino";
import { parseConfig } from "../../../src/config.js";
import { startServer } from "../../../src/start-server.js";
import { TestClock } from "../../support/core-harness.js";
import { testDatabase } from "../../support/test-database.js";
import type { ContractDriver, Failure } from "../contract-suite.js";
import { mounted } from "../platform-drivers.js";
import {
  JSON_WEBHOOK,
  type JsonMessage,
  jsonWebhookRegistration,
  MESSAGES_PATH,
} from "./json-webhook-adapter.js";

/** The platform's side of the webhook: records what it is sent, or refuses the next post. */
const startReceiver = async () => {
  const received: { messages: JsonMessage[] }[] = [];
  const failures: Failure[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const failure = failures.shift();
    if (failure) {
      res.writeHead(Number(failure), failure === "429" ? { "retry-after": "3" } : {}).end();
      return;
    }
    received.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/inbox`,
    received,
    failNext: (f: Failure) => void failures.push(f),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** The real server with the registry's adapters plus this one, registered by its one line. */
export const jsonWebhookDriver = async (): Promise<ContractDriver> => {
  const receiver = await startReceiver();
  const server = await startServer(parseConfig({ PORT: "0", HOST: "127.0.0.1" }), pino({ level: "silent" }), {
    clock: new TestClock(new Date("2026-12-01T14:00:00Z")),
    database: await testDatabase(),
    scheduler: false,
    outboxIntervalMs: 3_600_000,
    adapters: [jsonWebhookRegistration(receiver.url)],
  });
  const endpoint = `http://127.0.0.1:${server.port}${MESSAGES_PATH}`;
  return {
    adapter: mounted(server.adapters, JSON_WEBHOOK),
    command: async (text) => {
      const res = await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ workspace: `W${process.pid}`, user: "casey", name: "Casey", text }),
      });
      if (res.status !== 200) throw new Error(`webhook route answered ${res.status}`);
      const body = (await res.json()) as { messages: JsonMessage[] };
      return body.messages.map((m) => m.text).join("\n");
    },
    recipient: {
      kind: "person",
      personId: "contract-person",
      displayName: "Maria",
      platform: JSON_WEBHOOK,
      workspaceId: `W${process.pid}`,
      userId: "maria",
      userName: "maria",
      conversationRef: null,
    },
    lastRendered: () => {
      const last = receiver.received.at(-1);
      if (!last) throw new Error("nothing was posted to the webhook");
      return {
        texts: last.messages
          .flatMap((m) => [m.text, ...m.fields.flatMap((f) => [f.label, f.value])])
          .concat(last.messages.flatMap((m) => m.actions.map((a) => a.label))),
        actionGroups: last.messages.map((m) => m.actions.length),
        fieldGroups: last.messages.map((m) => m.fields.length),
      };
    },
    actionShown: (a) => a.label,
    failNext: receiver.failNext,
    expectedOutcomes: { "429": "retry", "500": "retry", "401": "park", "404": "park" },
    retryAfterMs: 3000,
    close: async () => {
      const stopping = server.stop();
      server.server.closeAllConnections();
      await stopping;
      await receiver.close();
    },
  };
};

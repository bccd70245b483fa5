import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { postMessage } from "../../adapters/slack/post-message.js";
import type { SlackMessage } from "../../adapters/slack/render-blocks.js";
import { DeliveryError } from "../../src/core.js";
import { type FakeSlackApi, startFakeSlackApi } from "../support/fake-slack-api.js";

/*
 * The outbox's chat.postMessage (adapters/slack/post-message.ts) against the loopback fake of
 * Slack's Web API: what arrives, and every way Slack answers turned into the outbox's DeliveryError.
 */
const message: SlackMessage = {
  text: "Ana assigned you T-7.",
  blocks: [{ type: "section", text: { type: "mrkdwn", text: "Ana assigned you *T-7*." } }],
};

let api: FakeSlackApi | undefined;
const others: Server[] = [];
afterEach(async () => {
  await api?.close();
  api = undefined;
  for (const s of others.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

const fake = async () => {
  api = await startFakeSlackApi();
  return api;
};

/** A server answering every request with this status, headers and body. */
const answering = async (status: number, headers: Record<string, string>, body: string): Promise<string> => {
  const server = createServer((_req, res) => res.writeHead(status, headers).end(body));
  others.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
};

const failure = async (work: Promise<unknown>): Promise<DeliveryError> => {
  const e = await work.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DeliveryError);
  return e as DeliveryError;
};

describe("postMessage", () => {
  it("posts the message as JSON with the bot token, and returns where Slack put it", async () => {
    const slack = await fake();
    const posted = await postMessage(slack.apiUrl, "xoxb-1", "U123", message);
    const [call] = slack.calls("chat.postMessage");
    expect(call?.token).toBe("xoxb-1");
    expect(call?.body).toEqual({ channel: "U123", ...message });
    expect(posted).toEqual({ channel: call?.response?.channel, ts: call?.response?.ts });
    expect(posted.ts).toMatch(/^\d+/);
  });

  it("a 429 with Retry-After is a rate limit that says when to retry; a 500 a plain HTTP failure", async () => {
    const slack = await fake();
    slack.failNext("chat.postMessage", { status: 429, retryAfter: 30 });
    slack.failNext("chat.postMessage", { status: 500 });
    const limited = await failure(postMessage(slack.apiUrl, "xoxb-1", "U1", message));
    expect(limited).toMatchObject({ message: "Slack rate limit, retry after 30s", retryAfterMs: 30_000 });
    expect(limited.permanent).toBe(false);
    const broken = await failure(postMessage(slack.apiUrl, "xoxb-1", "U1", message));
    expect(broken).toMatchObject({ message: "Slack HTTP 500", permanent: false, retryAfterMs: undefined });
  });

  it("Slack's ok:false carries its code; codes retrying cannot fix are permanent", async () => {
    const slack = await fake();
    slack.failNext("chat.postMessage", { error: "account_inactive" });
    slack.failNext("chat.postMessage", { error: "internal_error" });
    const gone = await failure(postMessage(slack.apiUrl, "xoxb-1", "U1", message));
    expect(gone).toMatchObject({ message: "Slack refused: account_inactive", permanent: true });
    const passing = await failure(postMessage(slack.apiUrl, "xoxb-1", "U1", message));
    expect(passing).toMatchObject({ message: "Slack refused: internal_error", permanent: false });
  });

  it("a 429 without a readable wait, an answer that is not Slack's JSON and no server at all are retried failures", async () => {
    const noWait = await answering(429, { "content-type": "application/json" }, '{"ok":false}');
    expect((await failure(postMessage(noWait, "xoxb-1", "U1", message))).message).toBe("Slack HTTP 429");
    const html = await answering(200, { "content-type": "text/html" }, "<html>maintenance</html>");
    const unreadable = await failure(postMessage(html, "xoxb-1", "U1", message));
    expect(unreadable).toMatchObject({
      message: "Slack answered with something that is not its JSON",
      permanent: false,
    });
    const wrongShape = await answering(200, { "content-type": "application/json" }, '{"ok":"yes"}');
    expect((await failure(postMessage(wrongShape, "xoxb-1", "U1", message))).message).toMatch(/not its JSON/);
    const closed = await answering(200, {}, "");
    const port = new URL(closed).port;
    for (const s of others.splice(0)) {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
    const refused = await failure(postMessage(`http://127.0.0.1:${port}/api/`, "xoxb-1", "U1", message));
    expect(refused).toMatchObject({ message: "Slack unreachable: TypeError", permanent: false });
  });
});

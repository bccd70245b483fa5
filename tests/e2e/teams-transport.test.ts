import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowCounts } from "../support/core-harness.js";
import { startTeamsServer, type TeamsTestServer } from "../support/teams-server.js";
import { BOT, teamsUser } from "../support/teams-traffic.js";

/*
 * /api/messages as HTTP: what it refuses before any turn runs (emulator mode, loopback), and
 * that an answered activity is answered with the status and body botbuilder decided.
 */
describe("Teams /api/messages over HTTP", () => {
  let t: TeamsTestServer;
  beforeAll(async () => {
    t = await startTeamsServer();
  });
  afterAll(() => t.stop());

  const user = teamsUser("Transport");
  const activity = (extra: Record<string, unknown> = {}) => ({
    type: "message",
    id: "1767224925001",
    channelId: "msteams",
    serviceUrl: t.connector.url,
    timestamp: "2026-12-01T14:00:00.000Z",
    from: user,
    recipient: BOT,
    conversation: { conversationType: "personal", tenantId: "tenant-transport", id: "a:personal-transport" },
    channelData: { tenant: { id: "tenant-transport" } },
    text: "help",
    ...extra,
  });
  const post = (body: string, type = "application/json") =>
    fetch(t.endpoint, { method: "POST", headers: { "content-type": type }, body });

  it("refuses what is not a JSON activity, changing nothing and posting nothing", async () => {
    const before = await rowCounts(t.server.database);
    const posts = t.connector.requests.length;
    const answers = [
      await post(JSON.stringify(activity()), "text/plain"),
      await post("{not json"),
      await post("[1, 2]"),
      await post(JSON.stringify(activity({ type: undefined }))),
      await post(JSON.stringify(activity({ text: "x".repeat(300 * 1024) }))),
      await fetch(t.endpoint),
    ];
    expect(answers.map((a) => a.status)).toEqual([415, 400, 400, 400, 413, 405]);
    for (const a of answers) expect(((await a.json()) as { error?: string }).error).toBeTruthy();
    expect(await rowCounts(t.server.database)).toEqual(before);
    expect(t.connector.requests.length).toBe(posts);
  });

  it("answers a message with 200 and its reply through the connector; an unknown invoke with 501", async () => {
    const posts = t.connector.posted("a:personal-transport").length;
    const message = await post(JSON.stringify(activity()));
    expect(message.status).toBe(200);
    expect(await message.text()).toBe("");
    expect(t.connector.posted("a:personal-transport").length).toBe(posts + 1);

    const invoke = await post(
      JSON.stringify(activity({ type: "invoke", name: "something/else", text: undefined })),
    );
    expect(invoke.status).toBe(501);
  });
});

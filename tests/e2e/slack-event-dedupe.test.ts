import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SlackWorld, slackPeople, startSlackWorld } from "../support/slack-world.js";

/*
 * Slack events are deduplicated by event id in the database (inbound_events): two servers on one
 * database stand for two replicas, or one server before and after a restart. A retry whose first
 * delivery never reached us is worked on once; a retry of one that landed is not worked on again,
 * whichever replica it reaches.
 */
const ENV = {
  SLACK_CLIENT_ID: "111.222",
  SLACK_CLIENT_SECRET: "client-secret",
  SLACK_STATE_SECRET: "state-secret-for-tests",
  DELEGATE_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
};
const TEAM = "TDEDUP1";
const p = slackPeople(TEAM);
const retry = (n: number, reason: string) => ({
  headers: { "x-slack-retry-num": String(n), "x-slack-retry-reason": reason },
});

const install = async (world: SlackWorld, team: string, botToken: string): Promise<void> => {
  const start = await fetch(`${world.base}/slack/install`, { redirect: "manual" });
  const state = new URL(start.headers.get("location") ?? "").searchParams.get("state") ?? "";
  const cookie = (start.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  world.fake.nextInstall({ teamId: team, teamName: `Workspace ${team}`, botToken });
  const done = await fetch(
    `${world.base}/slack/oauth_redirect?code=code-${team}&state=${encodeURIComponent(state)}`,
    { headers: { cookie }, redirect: "manual" },
  );
  expect(done.status).toBe(200);
};

describe("Slack events deduplicated by event id in the database", () => {
  let a: SlackWorld;
  let b: SlackWorld;
  beforeAll(async () => {
    a = await startSlackWorld(ENV);
    b = await startSlackWorld(ENV);
    await install(a, TEAM, "xoxb-dedupe-team");
    expect(
      (await a.commandReply(p.alice, 'setup firm:"Dedupe LLP" tz:America/New_York rate:300')).text,
    ).toContain("Dedupe LLP");
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  const opened = (user: string) => ({
    type: "app_home_opened",
    user,
    channel: `D${user}`,
    tab: "home",
    event_ts: "1.2",
  });
  const homeEvents = (rows: { body: Record<string, unknown> }[]) => rows.map((c) => c.body.user_id);
  const takenIds = async (): Promise<string[]> =>
    (
      await a.server.database.query<{ event_id: string }>(
        "select event_id from inbound_events where platform = 'slack' order by event_id",
      )
    ).map((r) => r.event_id);

  it("app_home_opened: a retry of a delivery that landed is dropped on another replica; one that never landed is worked on once", async () => {
    // Delivered to replica A: Home is published.
    expect((await a.event(TEAM, opened(p.alice.user), { eventId: "EvHOME1" })).status).toBe(200);
    await a.fake.waitFor("views.publish", 1);
    // Slack timed out waiting and retries at replica B: acknowledged, not worked on again.
    const again = await b.event(TEAM, opened(p.alice.user), {
      eventId: "EvHOME1",
      ...retry(1, "http_timeout"),
    });
    expect(again.status).toBe(200);
    // A first delivery that never reached us (connection_failed), retried at replica B: worked on.
    const lost = await b.event(TEAM, opened(p.bob.user), {
      eventId: "EvHOME2",
      ...retry(1, "connection_failed"),
    });
    expect(lost.status).toBe(200);
    // B publishes exactly once, for bob: the retry of EvHOME1 (sent before) did nothing.
    expect(homeEvents(await b.fake.waitFor("views.publish", 1))).toEqual([p.bob.user]);
    // Its next retry (at A) is dropped too; a later distinct event at A still works.
    await a.event(TEAM, opened(p.bob.user), { eventId: "EvHOME2", ...retry(2, "http_timeout") });
    await a.event(TEAM, opened(p.maria.user), { eventId: "EvHOME3" });
    expect(homeEvents(await a.fake.waitFor("views.publish", 2))).toEqual([p.alice.user, p.maria.user]);
    expect(homeEvents(b.fake.calls("views.publish"))).toEqual([p.bob.user]);
    expect(await takenIds()).toEqual(expect.arrayContaining(["EvHOME1", "EvHOME2", "EvHOME3"]));
  });

  it("app_uninstalled: a retry whose first delivery never landed revokes the installation; a later retry of it does not revoke a new install", async () => {
    const revokedAt = async () =>
      (
        await a.server.database.query<{ revoked_at: string | null }>(
          "select revoked_at from installations where team_id = $1",
          [TEAM],
        )
      )[0]?.revoked_at ?? null;
    const uninstalled = { type: "app_uninstalled", event_ts: "1.1" };
    const res = await b.event(TEAM, uninstalled, { eventId: "EvGONE1", ...retry(1, "connection_failed") });
    expect(res.status).toBe(200);
    // Events are acknowledged before they are worked on: wait for the revocation to land.
    while ((await revokedAt()) === null) await new Promise((resolve) => setTimeout(resolve, 20));

    // The firm installs the app again; Slack's next retry of the old uninstall arrives at A.
    await install(a, TEAM, "xoxb-dedupe-team-again");
    expect(await revokedAt()).toBeNull();
    await a.event(TEAM, uninstalled, { eventId: "EvGONE1", ...retry(2, "http_timeout") });
    // A distinct event after it, worked on at A, shows the retry had its turn.
    const before = a.fake.calls("views.publish").length;
    await a.event(TEAM, opened(p.alice.user), { eventId: "EvHOME4" });
    await a.fake.waitFor("views.publish", before + 1);
    expect(await revokedAt()).toBeNull();
    expect((await a.commandReply(p.alice, "team list")).text).toContain("Dedupe LLP");
  });

  it("keeps event ids in inbound_events, one row per id", async () => {
    const rows = await a.server.database.query<{ n: number }>(
      "select count(*)::int as n from inbound_events where event_id = 'EvGONE1'",
    );
    expect(rows[0]?.n).toBe(1);
  });
});

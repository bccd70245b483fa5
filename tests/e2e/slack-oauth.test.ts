import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SlackWorld, slackPeople, startSlackWorld } from "../support/slack-world.js";

/*
 * Many workspaces: OAuth install through /slack/install and /slack/oauth_redirect, bot tokens
 * sealed in the installations table, each workspace getting its own firm with setup, the outbox
 * using each workspace's own token, and uninstall revoking the installation.
 */
const install = async (world: SlackWorld, team: string, botToken: string): Promise<Response> => {
  const start = await fetch(`${world.base}/slack/install`, { redirect: "manual" });
  expect(start.status).toBe(302);
  const location = new URL(start.headers.get("location") ?? "");
  const state = location.searchParams.get("state") ?? "";
  expect(location.searchParams.get("scope")).toContain("commands");
  const cookie = (start.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  world.fake.nextInstall({ teamId: team, teamName: `Workspace ${team}`, botToken });
  return fetch(`${world.base}/slack/oauth_redirect?code=code-${team}&state=${encodeURIComponent(state)}`, {
    headers: { cookie },
    redirect: "manual",
  });
};

describe("Slack OAuth: many workspaces", () => {
  let world: SlackWorld;
  const a = slackPeople("TA1");
  const b = slackPeople("TB2");

  beforeAll(async () => {
    world = await startSlackWorld({
      SLACK_CLIENT_ID: "111.222",
      SLACK_CLIENT_SECRET: "client-secret",
      SLACK_STATE_SECRET: "state-secret-for-tests",
      DELEGATE_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    });
  });
  afterAll(() => world.close());

  it("stores each installation with its bot token encrypted", async () => {
    expect((await install(world, "TA1", "xoxb-team-a-plaintext")).status).toBe(200);
    expect((await install(world, "TB2", "xoxb-team-b-plaintext")).status).toBe(200);
    const exchanges = world.fake.calls("oauth.v2.access");
    expect(exchanges.map((c) => c.body.code)).toEqual(["code-TA1", "code-TB2"]);
    const rows = await world.server.database.query<{
      team_id: string;
      encrypted_payload: string;
      revoked_at: null;
    }>("select team_id, encrypted_payload, revoked_at from installations order by team_id");
    expect(rows.map((r) => r.team_id)).toEqual(["TA1", "TB2"]);
    const everything = JSON.stringify(await world.server.database.query("select * from installations"));
    expect(everything).not.toContain("xoxb-team-a-plaintext");
    expect(everything).not.toContain("xoxb-team-b-plaintext");
    expect(everything).not.toContain("xoxb-");
  });

  it("a forged state is refused and stores nothing", async () => {
    world.fake.nextInstall({ teamId: "TX9", teamName: "Evil", botToken: "xoxb-evil" });
    const res = await fetch(`${world.base}/slack/oauth_redirect?code=c&state=forged`, { redirect: "manual" });
    expect(res.status).not.toBe(200);
    const rows = await world.server.database.query("select 1 from installations where team_id = 'TX9'");
    expect(rows).toHaveLength(0);
  });

  it("each workspace sets up its own firm, and its commands use its own token", async () => {
    world.fake.addUser({ id: a.maria.user, name: "maria", realName: "Maria A", email: "maria@a.lpo" });
    const setupA = await world.commandReply(a.alice, 'setup firm:"Alpha LLP" tz:America/New_York rate:300');
    expect(setupA.text).toContain("Alpha LLP is set up");
    const setupB = await world.commandReply(b.alice, 'setup firm:"Beta LLP" tz:Europe/London rate:250');
    expect(setupB.text).toContain("Beta LLP is set up");
    const bound = await world.server.database.query<{ external_id: string; name: string }>(
      "select w.external_id, f.name from workspaces w join firms f on f.id = w.firm_id order by w.external_id",
    );
    expect(bound).toEqual([
      { external_id: "TA1", name: "Alpha LLP" },
      { external_id: "TB2", name: "Beta LLP" },
    ]);
    // users.info for Alpha's `team add` goes out with Alpha's token.
    await world.commandReply(a.alice, `team add <@${a.maria.user}|maria> role:professional nda:2026-01-01`);
    expect(world.fake.calls("users.info").at(-1)?.token).toBe("xoxb-team-a-plaintext");
    // Beta cannot see Alpha's people.
    const list = await world.commandReply(b.alice, "team list");
    expect(list.text).not.toContain("Maria");
  });

  it("the outbox reaches each workspace with that workspace's token", async () => {
    await world.commandReply(a.alice, 'matter add M-1 "Alpha matter"');
    await world.commandReply(
      a.alice,
      `assign <@${a.maria.user}|maria> "Alpha task" matter:M-1 due:"2026-12-04 17:00"`,
    );
    expect(await world.deliver()).toBe(1);
    expect(world.fake.calls("chat.postMessage").at(-1)).toMatchObject({
      token: "xoxb-team-a-plaintext",
      body: { channel: a.maria.user },
    });
  });

  it("uninstalling revokes the installation: the workspace's requests and messages stop", async () => {
    const res = await world.event("TB2", { type: "app_uninstalled", event_ts: "1.1" });
    expect(res.status).toBe(200);
    // Events are acknowledged before they are worked on: wait for the revocation to land.
    const revoked = async () =>
      (
        await world.server.database.query<{ n: number }>(
          "select count(*)::int as n from installations where team_id = 'TB2' and revoked_at is not null",
        )
      )[0]?.n === 1;
    while (!(await revoked())) await new Promise((resolve) => setTimeout(resolve, 20));
    const reply = await world.command(b.alice, "team list");
    expect(await reply.text()).toBe("");
    const still = await world.commandReply(a.alice, "team list");
    expect(still.text).toContain("Alpha LLP");
  });
});

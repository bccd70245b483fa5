import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandForm, fixture, withIds } from "../support/replay.js";
import { FORM, JSON_TYPE, postSigned } from "../support/slack-requests.js";
import { type SlackWorld, startSlackWorld } from "../support/slack-world.js";

/*
 * Enterprise Grid, with recorded payloads (tests/fixtures/slack): a workspace installed inside an
 * org is stored under enterprise and team (oauth.v2.access returns both). Its commands, its
 * notifications and its uninstall or token revocation all find that one installation.
 */
const ENTERPRISE = "E111";
const TEAM = "T111";
const TOKEN = "xoxb-grid-workspace";
const alice = { team: TEAM, user: "WALICE111", name: "alice" };
const maria = { team: TEAM, user: "WMARIA111", name: "maria" };

/** Installs the app into the workspace through /slack/install and /slack/oauth_redirect. */
const install = async (world: SlackWorld): Promise<number> => {
  const start = await fetch(`${world.base}/slack/install`, { redirect: "manual" });
  const state = new URL(start.headers.get("location") ?? "").searchParams.get("state") ?? "";
  const cookie = (start.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  world.fake.nextInstall({ teamId: TEAM, teamName: "Litigation", botToken: TOKEN, enterpriseId: ENTERPRISE });
  const done = await fetch(
    `${world.base}/slack/oauth_redirect?code=grid&state=${encodeURIComponent(state)}`,
    { headers: { cookie }, redirect: "manual" },
  );
  return done.status;
};

describe("Slack Enterprise Grid: a workspace inside an org", () => {
  let world: SlackWorld;
  let n = 0;

  beforeAll(async () => {
    world = await startSlackWorld({
      SLACK_CLIENT_ID: "111.222",
      SLACK_CLIENT_SECRET: "client-secret",
      SLACK_STATE_SECRET: "state-secret-for-tests",
      DELEGATE_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    });
  });
  afterAll(() => world.close());

  /** The recorded slash command, sent from the org's workspace (Slack adds enterprise_id there). */
  const command = async (who: { team: string; user: string }, text: string) => {
    const recorded = fixture("slack/slash-command.json");
    const body = withIds(recorded, {
      T00FAKE00BB: who.team,
      U00FAKEUSER2: who.user,
      [String(recorded.response_url)]: world.fake.responseUrl(`grid-${++n}`),
      "/test-feedback": "/delegate",
    });
    const res = await postSigned(
      world.events,
      commandForm({ ...body, enterprise_id: ENTERPRISE, text }),
      FORM,
    );
    expect(res.status).toBe(200);
    const raw = await res.text();
    return raw === "" ? "" : String((JSON.parse(raw) as { text?: string }).text);
  };

  const event = (name: string) =>
    // Each recording carries the same event id; distinct events have distinct ids (a repeat is a retry).
    postSigned(
      world.events,
      JSON.stringify({ ...fixture(`slack/${name}`), event_id: `Ev0${name}` }),
      JSON_TYPE,
    );

  const outbox = () =>
    world.server.database.query<{ status: string; last_error: string | null }>(
      "select status, last_error from outbox order by id",
    );

  const revoked = async () =>
    (
      await world.server.database.query<{ revoked: boolean }>(
        "select revoked_at is not null as revoked from installations where enterprise_id = $1 and team_id = $2",
        [ENTERPRISE, TEAM],
      )
    )[0]?.revoked;

  it("is stored under its enterprise and team", async () => {
    expect(await install(world)).toBe(200);
    const rows = await world.server.database.query("select enterprise_id, team_id from installations");
    expect(rows).toEqual([{ enterprise_id: ENTERPRISE, team_id: TEAM }]);
  });

  it("takes commands, and its notifications leave with its token instead of being parked", async () => {
    world.fake.addUser({ id: maria.user, name: "maria", realName: "Maria Santos", tz: "Asia/Manila" });
    expect(await command(alice, 'setup firm:"Grid LLP" tz:America/New_York rate:300')).toContain("Grid LLP");
    expect(
      await command(alice, `team add <@${maria.user}|maria> role:professional nda:2026-01-15`),
    ).toContain("Maria Santos");
    expect(await command(alice, 'matter add M-1 "Org matter"')).toContain("M-1");
    await command(
      alice,
      `assign <@${maria.user}|maria> "Review the index" matter:M-1 due:"2026-12-04 17:00"`,
    );
    expect(await world.deliver()).toBe(1);
    expect(await outbox()).toEqual([{ status: "sent", last_error: null }]);
    expect(world.fake.calls("chat.postMessage").at(-1)).toMatchObject({
      token: TOKEN,
      body: { channel: maria.user },
    });
  });

  it("tokens_revoked revokes that installation: its notifications are parked, saying why", async () => {
    await command(alice, `assign <@${maria.user}|maria> "Check the cites" matter:M-1 due:"2026-12-04 17:00"`);
    const posts = world.fake.calls("chat.postMessage").length;
    expect((await event("tokens-revoked.json")).status).toBe(200);
    // Events are acknowledged before they are worked on: wait for the revocation to land.
    while (!(await revoked())) await new Promise((resolve) => setTimeout(resolve, 20));
    await world.deliver();
    expect(world.fake.calls("chat.postMessage")).toHaveLength(posts);
    expect((await outbox()).at(-1)).toEqual({
      status: "parked",
      last_error: "Delegate is not installed in that Slack workspace",
    });
  });

  it("reinstalling brings it back; app_uninstalled revokes it again", async () => {
    expect(await install(world)).toBe(200);
    expect(await revoked()).toBe(false);
    expect((await event("app-uninstalled.json")).status).toBe(200);
    while (!(await revoked())) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await command(alice, "help")).toBe("");
  });
});

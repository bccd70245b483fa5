import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowCounts } from "../support/core-harness.js";
import { FORM, postSigned, SIGNING_SECRET, sign, slashCommandBody } from "../support/slack-requests.js";
import {
  blocksText,
  type SlackWorld,
  seedSlackFirm,
  type slackPeople,
  startSlackWorld,
} from "../support/slack-world.js";

/*
 * POST /slack/events on our own server: Bolt's signature check, Slack's retries, identity and
 * tenancy, replies in the ack (ephemeral unless meant for the channel), `&amp;` decoding, and
 * `team add` reading users.info.
 */
describe("Slack transport, identity and replies", () => {
  let world: SlackWorld;
  const team = "T100";
  let p: ReturnType<typeof slackPeople>;

  beforeAll(async () => {
    world = await startSlackWorld();
    p = await seedSlackFirm(world, team);
  });
  afterAll(() => world.close());

  it("answers 401 to forged, stale and unsigned requests, and changes nothing", async () => {
    const before = await rowCounts(world.server.database);
    const body = slashCommandBody(p.alice, 'matter add M-9 "Forged"', world.fake.responseUrl("x"));
    const forged = await postSigned(world.events, body, FORM, { secret: "not-the-signing-secret" });
    const stale = await postSigned(world.events, body, FORM, {
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    const unsigned = await postSigned(world.events, body, FORM, { signed: false });
    const now = Math.floor(Date.now() / 1000);
    const tampered = await postSigned(world.events, body.replace("M-9", "M-8"), FORM, {
      timestamp: now,
      signature: sign(SIGNING_SECRET, now, body),
    });
    expect([forged.status, stale.status, unsigned.status, tampered.status]).toEqual([401, 401, 401, 401]);
    expect(await rowCounts(world.server.database)).toEqual(before);
    const matters = await world.commandReply(p.alice, "show T-1");
    expect(matters.text).not.toContain("Forged");
  });

  it("decodes Slack's &amp; before parsing: the firm is called Smith & Lee LLP", async () => {
    const rows = await world.server.database.query<{ name: string }>("select name from firms");
    expect(rows.map((r) => r.name)).toEqual(["Smith & Lee LLP"]);
  });

  it("team add reads name, e-mail and time zone from users.info", async () => {
    const infos = world.fake.calls("users.info").map((c) => c.body.user);
    expect(infos).toContain(p.maria.user);
    const rows = await world.server.database.query<{ display_name: string; email: string; tz: string }>(
      "select display_name, email, tz from people where role = 'professional'",
    );
    expect(rows).toEqual([
      { display_name: "Maria Santos", email: `maria@${team.toLowerCase()}.lpo`, tz: "Asia/Manila" },
    ]);
  });

  it("replies in the ack, privately; errors are one line with the usage", async () => {
    const ok = await world.commandReply(p.bob, "list all");
    expect(ok.response_type).toBe("ephemeral");
    const bad = await world.commandReply(p.bob, "approve");
    expect(bad.response_type).toBe("ephemeral");
    expect(bad.text?.split("\n")[0]).toMatch(/task number/i);
    expect(blocksText(bad.blocks)).toContain("Usage: `approve T-42");
  });

  it("posts in the channel only what the core meant for it (digest here)", async () => {
    const reply = await world.commandReply({ ...p.alice, channel: "CDIGEST" }, "digest here");
    expect(reply.response_type).toBe("in_channel");
    expect(reply.text).toContain("weekly digest will be posted here");
  });

  it("tells a Slack user the firm does not know how to be added, and nothing else", async () => {
    const reply = await world.commandReply({ team, user: "UNOBODY", name: "nobody" }, "list all");
    expect(reply.response_type).toBe("ephemeral");
    expect(reply.text).toContain("not on Smith &amp; Lee LLP's Delegate team");
    expect(reply.text).not.toContain("T-");
  });

  it("tells a user of an unbound workspace how to set up or link, and refuses the rest", async () => {
    const stranger = { team: "T999", user: "USTRANGER", name: "stranger" };
    const before = await rowCounts(world.server.database);
    const reply = await world.commandReply(stranger, 'matter add M-5 "Nope"');
    expect(reply.text).toContain("not connected to a firm");
    expect(await rowCounts(world.server.database)).toEqual(before);
  });

  it("acknowledges a retried event without doing it again", async () => {
    const opened = {
      type: "app_home_opened",
      user: p.bob.user,
      channel: "DBOB",
      tab: "home",
      event_ts: "1.2",
    };
    const first = await world.event(team, opened, { eventId: "Ev1" });
    expect(first.status).toBe(200);
    await world.fake.waitFor("views.publish", 1);
    const retry = await world.event(team, opened, {
      eventId: "Ev1",
      headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
    });
    expect(retry.status).toBe(200);
    // A later, distinct event is processed: so the retry above had its chance and did nothing.
    await world.event(team, { ...opened, user: p.alice.user }, { eventId: "Ev2" });
    const publishes = await world.fake.waitFor("views.publish", 2);
    expect(publishes.map((c) => c.body.user_id)).toEqual([p.bob.user, p.alice.user]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowCounts } from "../support/core-harness.js";
import { fixture, type Json, withIds } from "../support/replay.js";
import { startTeamsServer, type TeamsTestServer } from "../support/teams-server.js";
import { buttonData, type Card, cardOf, cardText } from "../support/teams-traffic.js";

/*
 * Recorded Microsoft Teams activities (tests/fixtures/teams, sources in tests/fixtures/README.md)
 * replayed against the real server over HTTP, in emulator mode, with a fake Bot Connector at the
 * activities' serviceUrl. Only ids and URLs are adapted (and the words typed, which are ours).
 * Each test checks what the person would see.
 */
const RECORDED_SERVICE_URL = "https://smba.trafficmanager.net/amer/a1b2c3d4-e5f6-7890-abcd-ef1234567890/";
const TENANT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
const BOT = { id: "28:11111111-2222-3333-4444-555555555555", name: "Chat SDK Demo" };
/** The recorded personal-chat user, who sets the firm up. */
const ADMIN = {
  id: "29:1xXxFakeUserBase64IdStringForTeamsPlatformAbcDeFgHiJkLmNoPqRsTuVwXyZ012345ABCDEF",
  name: "Test User",
  aadObjectId: "00000000-1111-2222-3333-444444444444",
};
const ADMIN_CHAT = String((fixture("teams/personal-message.json").conversation as Json).id);
/** The user of the recorded adaptiveCard/action invoke (another tenant's recording). */
const RIDO = {
  id: "29:1uMVvhoAyfTqdMsyvHL0qlJTTfQF9MOUSI8_cQts2kdSWEZVDyJO2jz-CsNOhQcdYq1Bw4cHT0__O6XDj4AZ-Jw",
  name: "Rido",
  aadObjectId: "c5e99701-2a32-49c1-a660-4629ceeb8c61",
};
const RIDO_CHAT = String((fixture("teams/adaptive-card-invoke.json").conversation as Json).id);
/** The id the split-mention recording gives both entities (microsoft/botframework-sdk#6617). */
const SPLIT_ID = "29:1tYwtgp56UKjOlsdfsefs3fsesfsfVP78kWJ-x5Nr9OKj1Ls50S06Gq_cNs3VPyjiGyMGvZk4k6e8OHey9yJDw";

describe("recorded Teams activities replayed", () => {
  let t: TeamsTestServer;

  beforeAll(async () => {
    t = await startTeamsServer();
    t.connector.addMember(ADMIN);
    t.connector.addMember(RIDO);
    t.connector.addMember({
      id: SPLIT_ID,
      name: "Casey Morgan",
      aadObjectId: "9c0a2f61-6d1e-4f7e-8d55-0c3b2a1e4f90",
    });
  });
  afterAll(() => t.stop());

  /** A recorded activity with the test's service URL (and the tenant and bot of these tests). */
  const adapt = (name: string, extra: Record<string, string> = {}): Json =>
    withIds(fixture(`teams/${name}`), { [RECORDED_SERVICE_URL]: t.connector.url, ...extra });

  const post = async (activity: Json) => {
    const res = await fetch(t.endpoint, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
  };

  const lastCard = (conversation: string): Card => cardOf(t.connector.posted(conversation).at(-1));

  /** The recorded personal message, from `from` in `chat`, saying `text` (mentions as recorded entities). */
  const say = async (text: string, mentions: Json[] = [], from: Json = ADMIN, chat = ADMIN_CHAT) => {
    const activity = adapt("personal-message.json");
    const before = t.connector.posted(chat).length;
    const { status } = await post({
      ...activity,
      from,
      conversation: { ...(activity.conversation as Json), id: chat },
      text,
      entities: mentions,
    });
    expect(status).toBe(200);
    expect(t.connector.posted(chat).length).toBeGreaterThan(before);
    return cardText(lastCard(chat));
  };

  const mention = (who: { id: string; name: string }) => ({
    mentioned: { id: who.id, name: who.name },
    text: `<at>${who.name}</at>`,
    type: "mention",
  });

  it("a personal message sets the firm up and is answered in that chat", async () => {
    expect(await say('setup firm:"Smith & Lee LLP" tz:America/New_York rate:300')).toContain(
      "Smith & Lee LLP",
    );
    expect(await say(`team add <at>Rido</at> role:professional nda:2026-01-15`, [mention(RIDO)])).toContain(
      "Added Rido",
    );
    expect(await say('matter add M-1 "Smith v. Jones"')).toContain("M-1");
    expect(await say("help", [], RIDO, RIDO_CHAT)).toContain("help");
  });

  it("a multi-word name sent as one mention entity per word is one person", async () => {
    const activity = adapt("split-mention.json");
    const { status } = await post(activity);
    expect(status).toBe(200);
    expect(cardText(lastCard(ADMIN_CHAT))).toContain("Added Casey Morgan");
    const people = await t.server.database.query<{ display_name: string }>(
      "select display_name from people order by display_name",
    );
    expect(people.map((p) => p.display_name)).toContain("Casey Morgan");
    expect(people.map((p) => p.display_name)).not.toContain("Casey");
  });

  it("a channel message that @mentions the bot is answered privately; the channel only hears that", async () => {
    const activity = adapt("channel-mention.json");
    const channel = String((activity.conversation as Json).id);
    const { status } = await post(activity);
    expect(status).toBe(200);
    const inChannel = t.connector.posted(channel);
    expect(inChannel.map((a) => a.text)).toEqual(["Test User: I sent you my answer in our personal chat."]);
    // "Hey" is no command: the answer says so, in Test User's personal chat.
    const answer = cardText(lastCard(t.connector.personalConversationOf(ADMIN.id)));
    expect(answer).toMatch(/help/i);
  });

  it("an adaptiveCard/action invoke is answered with the updated card", async () => {
    await say(`assign <at>Rido</at> "Index exhibits" matter:M-1 due:"2026-12-04 17:00"`, [mention(RIDO)]);
    expect(await t.deliver()).toBeGreaterThanOrEqual(1);
    const start = buttonData(lastCard(RIDO_CHAT), "Start");
    const recorded = adapt("adaptive-card-invoke.json", {
      // Its own service URL first (longest first): emulator mode answers loopback URLs only.
      "https://smba.trafficmanager.net/amer/56653e9d-2158-46ee-90d7-675c39642038/": t.connector.url,
      "56653e9d-2158-46ee-90d7-675c39642038": TENANT,
      "28:aabdbd62-bc97-4afb-83ee-575594577de5": BOT.id,
      "https://smba.trafficmanager.net/amer/a1b2c3d4-e5f6-7890-abcd-ef1234567890/": t.connector.url,
    });
    // The recording's own data is not Delegate's: a clear answer, nothing changed.
    const before = await rowCounts(t.server.database);
    const foreign = await post(recorded);
    expect(foreign.status).toBe(200);
    expect(cardText(foreign.body.value as Card)).toContain("I could not read that card action");
    expect(await rowCounts(t.server.database)).toEqual(before);

    const value = recorded.value as { action: Json };
    const clicked = await post({
      ...recorded,
      value: { ...value, action: { ...value.action, verb: start.verb, data: start.data } },
    });
    expect(clicked.status).toBe(200);
    expect(clicked.body).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" });
    expect(cardText(clicked.body.value as Card)).toContain("Started T-1");
  });

  it("an Action.Submit message (value and replyToId) from a channel is worked on and answered privately", async () => {
    await say('submit T-1 "https://dms.example/exhibits"', [], RIDO, RIDO_CHAT);
    await t.deliver();
    const approve = buttonData(lastCard(ADMIN_CHAT), "Approve");
    const activity = adapt("action-submit.json");
    expect(activity.replyToId).toBeTruthy();
    const { status } = await post({ ...activity, value: approve.data });
    expect(status).toBe(200);
    const [task] = await t.server.database.query<{ status: string }>(
      "select status from tasks where number = 1",
    );
    expect(task?.status).toBe("approved");
    const answer = cardText(lastCard(t.connector.personalConversationOf(ADMIN.id)));
    expect(answer).toMatch(/Approved T-1 \(round 1\) by Test User/);
  });

  it("installationUpdate and conversationUpdate for a team are taken quietly", async () => {
    const before = await rowCounts(t.server.database);
    const requests = t.connector.requests.length;
    for (const name of ["installation-update.json", "conversation-update.json"]) {
      expect((await post(adapt(name))).status).toBe(200);
    }
    expect(t.connector.requests).toHaveLength(requests);
    expect(await rowCounts(t.server.database)).toEqual(before);
  });

  it("the bot added to a personal chat greets with help", async () => {
    // The recorded team conversationUpdate, in the recorded personal chat of Rido.
    const update = adapt("conversation-update.json");
    const invoke = adapt("adaptive-card-invoke.json", { "56653e9d-2158-46ee-90d7-675c39642038": TENANT });
    const before = t.connector.posted(RIDO_CHAT).length;
    const { status } = await post({
      ...update,
      from: RIDO,
      conversation: invoke.conversation,
      channelData: { tenant: { id: TENANT } },
      membersAdded: [{ id: BOT.id }],
    });
    expect(status).toBe(200);
    const greeting = t.connector.posted(RIDO_CHAT).slice(before);
    expect(greeting).toHaveLength(1);
    expect(cardText(cardOf(greeting[0]))).toMatch(/help/i);
  });
});

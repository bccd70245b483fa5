import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { teamsFirm } from "../support/teams-firm.js";
import { startTeamsServer, type TeamsTestServer } from "../support/teams-server.js";
import { BOT, cardOf, cardText, type TeamsUser, teamsUser } from "../support/teams-traffic.js";

/*
 * Proactive reach (docs/teams.md): a person added by `team add` is notified whether or not they
 * ever wrote to the bot — through the reference kept when they installed the app before they
 * were on the team, or through a 1:1 chat the bot opens with `POST /v3/conversations`.
 */
describe("Teams: reaching people added by team add", () => {
  let t: TeamsTestServer;
  beforeAll(async () => {
    t = await startTeamsServer();
  });
  afterAll(() => t.stop());

  const NDA = "nda:2026-01-15 nda-expires:2027-01-15";

  const cardsIn = (conversation: string) => t.connector.posted(conversation).map((a) => cardText(cardOf(a)));

  const createdFor = (user: TeamsUser) =>
    t.connector.created().filter((b) => JSON.stringify(b.members).includes(user.aadObjectId ?? user.id));

  it("someone who never wrote to the bot gets their first notification in a 1:1 chat the bot opens", async () => {
    const f = await teamsFirm(t.endpoint, t.connector);
    const nina = teamsUser(`Dee${process.pid}`);
    t.connector.addMember(nina);
    expect(
      await f.command(f.alice, `team add <at>${nina.name}</at> role:professional ${NDA}`, {
        mentions: [nina],
      }),
    ).toContain("Added");
    await t.deliver();
    await f.command(f.bob, `assign <at>${nina.name}</at> "Draft the NDA" matter:M-1 due:"2026-12-04 17:00"`, {
      mentions: [nina],
    });
    expect(await t.deliver()).toBe(1);

    // The request Teams documents: the bot, the member by AAD object id, a 1:1 chat, the tenant.
    expect(createdFor(nina)).toEqual([
      {
        isGroup: false,
        bot: { id: BOT.id, name: BOT.name },
        members: [{ id: nina.aadObjectId, name: "" }],
        tenantId: f.client.tenant,
        channelData: { tenant: { id: f.client.tenant } },
      },
    ]);
    const chat = f.client.personalConversation(nina);
    expect(cardsIn(chat).at(-1)).toContain("Draft the NDA");

    // The chat is kept: the next notification goes straight there, without a new chat.
    await f.command(
      f.bob,
      `assign <at>${nina.name}</at> "Index the exhibits" matter:M-1 due:"2026-12-04 17:00"`,
      {
        mentions: [nina],
      },
    );
    expect(await t.deliver()).toBe(1);
    expect(createdFor(nina)).toHaveLength(1);
    expect(cardsIn(chat).at(-1)).toContain("Index the exhibits");
    const [identity] = await t.server.database.query<{ ref: { conversation: { id: string } } }>(
      "select conversation_ref as ref from chat_identities where user_id = $1",
      [nina.aadObjectId],
    );
    expect(identity?.ref.conversation.id).toBe(chat);
  });

  it("someone greeted at install before an admin added them is reached through that chat", async () => {
    const f = await teamsFirm(t.endpoint, t.connector);
    const olga = teamsUser(`Bea${process.pid}`);
    t.connector.addMember(olga);
    const chat = f.client.personalConversation(olga);
    // Olga installs the app in her personal scope: Teams tells the bot it was added; it greets her.
    const res = await f.client.post({
      type: "conversationUpdate",
      id: `f:${process.pid}`,
      channelId: "msteams",
      serviceUrl: t.connector.url,
      timestamp: new Date().toISOString(),
      from: olga,
      recipient: BOT,
      conversation: { conversationType: "personal", tenantId: f.client.tenant, id: chat },
      channelData: { tenant: { id: f.client.tenant } },
      membersAdded: [{ id: BOT.id }],
    });
    expect(res.status).toBe(200);
    expect(cardsIn(chat)).toHaveLength(1);

    expect(
      await f.command(f.alice, `team add <at>${olga.name}</at> role:professional ${NDA}`, {
        mentions: [olga],
      }),
    ).toContain("Added");
    const [identity] = await t.server.database.query<{ ref: { conversation: { id: string } } | null }>(
      "select conversation_ref as ref from chat_identities where user_id = $1",
      [olga.aadObjectId],
    );
    expect(identity?.ref?.conversation.id).toBe(chat);
    const [left] = await t.server.database.query<{ n: number }>(
      "select count(*)::int as n from pending_conversation_refs where user_id = $1",
      [olga.aadObjectId],
    );
    expect(left?.n).toBe(0);

    await t.deliver();
    await f.command(
      f.bob,
      `assign <at>${olga.name}</at> "Review the lease" matter:M-1 due:"2026-12-04 17:00"`,
      {
        mentions: [olga],
      },
    );
    expect(await t.deliver()).toBe(1);
    expect(cardsIn(chat).at(-1)).toContain("Review the lease");
    // Reached through the reference of her install, not a chat the bot had to open.
    expect(createdFor(olga)).toEqual([]);
  });

  it("in a tenant the bot never heard from, nobody can be reached and the outbox says why", async () => {
    const f = await teamsFirm(t.endpoint, t.connector);
    // Every reference of this tenant is gone (say, the firm was set up from elsewhere).
    await t.server.database.query(
      "update chat_identities set conversation_ref = null where workspace_external_id = $1",
      [f.client.tenant],
    );
    await t.deliver();
    await f.command(
      f.bob,
      `assign <at>${f.maria.name}</at> "Sort the exhibits" matter:M-1 due:"2026-12-04 17:00"`,
      {
        mentions: [f.maria],
      },
    );
    await t.server.database.query(
      "update chat_identities set conversation_ref = null where workspace_external_id = $1",
      [f.client.tenant],
    );
    expect(await t.deliver()).toBe(0);
    const [row] = await t.server.database.query<{ status: string; last_error: string }>(
      `select o.status, o.last_error from outbox o join people p on p.id = o.person_id
        join chat_identities ci on ci.person_id = p.id where ci.workspace_external_id = $1
        order by o.id desc limit 1`,
      [f.client.tenant],
    );
    expect(row).toMatchObject({ status: "pending" });
    expect(row?.last_error).toMatch(/no Teams conversation with this recipient yet/);
  });
});

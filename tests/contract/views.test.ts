import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from "vitest";
import type { Database } from "../../db/client.js";
import type { RunningServer } from "../../src/server.js";
import { fixture, type Json } from "../support/replay.js";
import {
  blocksText,
  buttonsOf,
  type SlackWorld,
  seedSlackFirm,
  type slackPeople,
  startSlackWorld,
} from "../support/slack-world.js";
import { type TeamsFirm, teamsFirm } from "../support/teams-firm.js";
import { startTeamsServer, type TeamsTestServer } from "../support/teams-server.js";
import { BOT, buttonData, type Card, cardText, executeActions } from "../support/teams-traffic.js";

/*
 * The views contract, for Slack, Teams and the console, over HTTP against the real server:
 * a click is one call of the core and comes back resolved (the task as it is now, to redraw);
 * forms are drawn from the core's own description and its field errors come back on the field;
 * paging is an action (a button in Slack and Teams, a line to type in the console).
 */

/** Counts the core's answers: the dispatcher logs one "command" line per request it answers. */
const coreCalls = (server: RunningServer) => {
  const spy: MockInstance = vi.spyOn(server.deps.logger, "info");
  return {
    count: () => spy.mock.calls.filter((c) => c[1] === "command" || c[1] === "command refused").length,
    reset: () => spy.mockClear(),
  };
};

/** `task.viewed` events written after audit event `after`, by how the task was read. */
const readsSince = async (database: Database, after: number): Promise<string[]> =>
  (
    await database.query<{ via: string }>(
      "select detail->>'via' as via from audit_events where action = 'task.viewed' and id > $1 order by id",
      [after],
    )
  ).map((r) => r.via);

const lastAuditId = async (database: Database): Promise<number> => {
  const [row] = await database.query<{ id: number | null }>("select max(id)::int as id from audit_events");
  return row?.id ?? 0;
};

describe("Slack", () => {
  let world: SlackWorld;
  let p: ReturnType<typeof slackPeople>;
  let calls: ReturnType<typeof coreCalls>;

  beforeAll(async () => {
    world = await startSlackWorld();
    p = await seedSlackFirm(world, "TVIEWS1");
    calls = coreCalls(world.server);
  });
  afterAll(() => world.close());

  const lastDmTo = (user: string) => {
    const dm = world.fake
      .calls("chat.postMessage")
      .filter((c) => c.body.channel === user)
      .at(-1);
    if (!dm) throw new Error(`no DM to ${user}`);
    return { call: dm, message: { channel: String(dm.response?.channel), ts: String(dm.response?.ts) } };
  };

  it("a click is one core call; the message is redrawn from its answer and the read audited as a click", async () => {
    await world.commandReply(
      p.bob,
      'assign <@UMARIATVIEWS1|maria> "Index exhibits" matter:M-1 due:"2026-12-04 17:00"',
    );
    await world.deliver();
    const dm = lastDmTo(p.maria.user);
    const start = buttonsOf(dm.call.body.blocks).find((b) => b.label === "Start");
    if (!start) throw new Error("no Start button");

    const updates = world.fake.calls("chat.update").length;
    const audit = await lastAuditId(world.server.database);
    calls.reset();
    expect((await world.click(p.maria, start, dm.message)).status).toBe(200);
    const redrawn = (await world.fake.waitFor("chat.update", updates + 1)).at(-1);
    expect(redrawn?.body).toMatchObject(dm.message);
    expect(blocksText(redrawn?.body.blocks)).toContain("Index exhibits");
    expect(blocksText(redrawn?.body.blocks)).toMatch(/Started T-1/);
    expect(buttonsOf(redrawn?.body.blocks).map((b) => b.label)).toEqual(["Submit", "Ask"]);
    expect(calls.count()).toBe(1);
    // Her read of the redrawn task is recorded as what it was: a click, not a typed `show`.
    expect(await readsSince(world.server.database, audit)).toEqual(["click"]);
  });

  it("a task form sent from a modal is one core call too, and redraws the message it came from", async () => {
    const dm = lastDmTo(p.maria.user);
    const updates = world.fake.calls("chat.update");
    const current = updates.at(-1)?.body.blocks;
    const submit = buttonsOf(current).find((b) => b.label === "Submit");
    if (!submit) throw new Error("no Submit button");
    const opened = world.fake.calls("views.open").length;
    await world.click(p.maria, submit, dm.message);
    const modal = (await world.fake.waitFor("views.open", opened + 1)).at(-1)?.body.view as {
      callback_id: string;
      private_metadata: string;
      blocks: unknown[];
    };
    calls.reset();
    const res = await world.submitView(p.maria, modal, {
      notes: { value: { type: "plain_text_input", value: "https://dms.example/index" } },
      spent: { value: { type: "plain_text_input", value: "1h" } },
    });
    expect(res.status).toBe(200);
    const redrawn = (await world.fake.waitFor("chat.update", updates.length + 1)).at(-1);
    expect(blocksText(redrawn?.body.blocks)).toMatch(/Submitted T-1/);
    expect(calls.count()).toBe(1);
  });
});

describe("Teams", () => {
  let t: TeamsTestServer;
  let f: TeamsFirm;
  let calls: ReturnType<typeof coreCalls>;

  beforeAll(async () => {
    t = await startTeamsServer();
    f = await teamsFirm(t.endpoint, t.connector);
    calls = coreCalls(t.server);
  });
  afterAll(() => t.stop());

  it("a card action is one core call and answers with the resolved card; the read is audited as a click", async () => {
    const { client, bob, maria } = f;
    await f.command(
      bob,
      `assign <at>${maria.name}</at> "Draft the index" matter:M-1 due:"2026-12-04 17:00"`,
      {
        mentions: [maria],
      },
    );
    await t.deliver();
    const start = buttonData(f.lastCard(maria), "Start");
    const audit = await lastAuditId(t.server.database);
    calls.reset();
    const started = await client.invoke(maria, start.verb, start.data);
    expect(started.status).toBe(200);
    const card = started.body.value ?? {};
    expect(cardText(card)).toContain("Started T-1");
    expect(cardText(card)).toContain("T-1 · Draft the index");
    expect(executeActions(card).map((a) => a.title)).toEqual(["Submit for review", "Send question"]);
    expect(calls.count()).toBe(1);
    expect(await readsSince(t.server.database, audit)).toEqual(["click"]);
  });

  it("Teams' automatic refresh is one core call, audited as a refresh (not as a typed show)", async () => {
    const { client, maria } = f;
    const card = f.lastCard(maria);
    const audit = await lastAuditId(t.server.database);
    calls.reset();
    const refreshed = await client.invoke(maria, "refresh", card.refresh?.action?.data, {
      trigger: "automatic",
    });
    expect(refreshed.status).toBe(200);
    expect(cardText(refreshed.body.value ?? {})).toContain("T-1 · Draft the index");
    expect(calls.count()).toBe(1);
    expect(await readsSince(t.server.database, audit)).toEqual(["refresh"]);
  });

  it("an older client's Action.Submit (a message with value and replyToId) updates the card in place", async () => {
    const { client, bob, maria } = f;
    await f.command(
      bob,
      `assign <at>${maria.name}</at> "File the motion" matter:M-1 due:"2026-12-04 17:00"`,
      {
        mentions: [maria],
      },
    );
    await t.deliver();
    const chat = client.personalConversation(maria);
    const start = buttonData(f.lastCard(maria), "Start");
    // The recorded Action.Submit message (tests/fixtures/README.md), sent from maria's personal chat.
    const recorded = fixture("teams/action-submit.json");
    const replyToId = String(recorded.replyToId);
    const posted = t.connector.posted(chat).length;
    const requests = t.connector.requests.length;
    calls.reset();
    const res = await client.post({
      ...recorded,
      serviceUrl: t.connector.url,
      from: maria,
      recipient: BOT,
      conversation: { conversationType: "personal", tenantId: client.tenant, id: chat },
      channelData: { tenant: { id: client.tenant } },
      value: start.data,
    } satisfies Json);
    expect(res.status).toBe(200);
    const writes = t.connector.requests.slice(requests);
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual([
      `PUT /v3/conversations/${encodeURIComponent(chat)}/activities/${replyToId}`,
    ]);
    expect(t.connector.posted(chat)).toHaveLength(posted);
    const attachments = writes[0]?.body.attachments as { content: Card }[] | undefined;
    const card = attachments?.[0]?.content ?? {};
    expect(cardText(card)).toContain("Started T-");
    expect(executeActions(card).map((a) => a.title)).toEqual(["Submit for review", "Send question"]);
    expect(calls.count()).toBe(1);
  });
});

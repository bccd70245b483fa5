import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from "vitest";
import { renderText } from "../../adapters/console/render-text.js";
import type { Database } from "../../db/client.js";
import type { RunningServer } from "../../src/start-server.js";
import {
  ASK_FORM,
  ASSIGN_FORM,
  CHANGES_FORM,
  FIELD_LIMITS,
  type FormField,
} from "../../src/views/form-fields.js";
import { createHarness, type Harness, seedFirm } from "../support/core-harness.js";
import { fixture, interactionForm, type Json, withIds } from "../support/replay.js";
import { FORM, JSON_TYPE, postSigned } from "../support/slack-requests.js";
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

/** Tasks a list shows on a page (src/services/task-queries.ts PAGE_SIZE). */
const PAGE = 20;

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

// First: the harness starts from empty tables, before the Slack and Teams servers seed theirs.
describe("Console (and the core every adapter calls)", () => {
  let h: Harness;
  let calls: { count: () => number; reset: () => void };

  beforeAll(async () => {
    h = await createHarness();
    await seedFirm(h);
    const spy = vi.spyOn(h.deps.logger, "info");
    calls = {
      count: () => spy.mock.calls.filter((c) => c[1] === "command" || c[1] === "command refused").length,
      reset: () => spy.mockClear(),
    };
    for (let i = 1; i <= PAGE + 1; i++) {
      await h.say("bob", `assign @maria "Task ${i}" matter:M-1 due:"2026-12-04 17:00"`);
    }
  });

  it("a click is one core call and comes back resolved: the outcome and the task as the clicker sees it now", async () => {
    const audit = await lastAuditId(h.database);
    calls.reset();
    const resolved = await h.core.click({
      kind: "click",
      speaker: h.speaker("maria"),
      button: { action: "start", task: 1, version: 1 },
    });
    expect(calls.count()).toBe(1);
    expect(resolved.outcome.lines.join(" ")).toMatch(/Started T-1/);
    expect(resolved.current?.title).toBe("T-1 · Task 1");
    expect(resolved.current?.actions?.map((a) => a.action)).toEqual(["submit", "ask"]);
    // The console draws it with the typed commands its buttons stand for.
    expect(renderText(resolved.current ?? resolved.outcome).join("\n")).toContain(
      '→ submit T-1 · ask T-1 "question"',
    );
    expect(await readsSince(h.database, audit)).toEqual(["click"]);
  });

  it("a refused click comes back alone, unless the adapter redraws under refusals; no read is recorded for it", async () => {
    const click = {
      kind: "click" as const,
      speaker: h.speaker("maria"),
      button: { action: "start" as const, task: 1, version: 1 },
    };
    const audit = await lastAuditId(h.database);
    const refused = await h.core.click(click);
    expect(refused.outcome.tone).toBe("error");
    expect(refused.current).toBeUndefined();
    expect(await readsSince(h.database, audit)).toEqual([]);
    const redrawn = await h.core.click(click, { redrawRefused: true });
    expect(redrawn.outcome.tone).toBe("error");
    expect(redrawn.current?.title).toBe("T-1 · Task 1");
    expect(await readsSince(h.database, audit)).toEqual(["click"]);
  });

  it("forms: the core's field errors are the description's own messages, on its field ids, within its limits", async () => {
    const empty = await h.core.handle({
      kind: "form",
      speaker: h.speaker("bob"),
      form: { kind: "assign", values: {} },
    });
    const required = (ASSIGN_FORM.fields as readonly FormField[]).filter((f) => f.required);
    expect(Object.keys(empty.fieldErrors ?? {}).sort()).toEqual(required.map((f) => f.id).sort());
    for (const f of required) expect(empty.fieldErrors?.[f.id]).toBe(f.errorMessage);

    const long = await h.core.handle({
      kind: "form",
      speaker: h.speaker("maria"),
      form: { kind: "submit", task: 2, version: 1, values: { notes: "x".repeat(FIELD_LIMITS.notes + 1) } },
    });
    expect(Object.keys(long.fieldErrors ?? {})).toEqual(["notes"]);
    expect(long.fieldErrors?.notes).toContain(`at most ${FIELD_LIMITS.notes} characters`);
  });

  it("paging: a long list ends with the next page's command to type, and typing it gives that page", async () => {
    const first = renderText(await h.say("maria", "list mine"));
    expect(first.at(-1)).toBe("More: list mine page:2");
    const second = await h.say("maria", "list mine page:2");
    expect(second.title).toBe("Your open tasks (page 2)");
    expect(second.items).toHaveLength(1);
    expect(second.more).toBeUndefined();
  });

  it("paging: a long audit trail carries its next page too", async () => {
    // Each of maria's reads is one event: three rounds of them pass one page of her trail.
    for (let round = 0; round < 3; round++)
      for (let i = 1; i <= PAGE + 1; i++) await h.say("maria", `show T-${i}`);
    const trail = await h.say("alice", "audit @maria");
    expect(trail.more).toEqual({ label: "More", command: "audit @maria page:2" });
    const next = await h.say("alice", trail.more?.command ?? "");
    expect(next.tone).toBe("info");
    expect(next.title).toBe(trail.title);
    expect(next.items?.length).toBeGreaterThan(0);
  });
});

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

describe("Slack forms", () => {
  let world: SlackWorld;
  let p: ReturnType<typeof slackPeople>;

  beforeAll(async () => {
    world = await startSlackWorld();
    p = await seedSlackFirm(world, "TVIEWS3");
  });
  afterAll(() => world.close());

  type Input = { block_id: string; optional?: boolean; element: { type: string; max_length?: number } };

  it("the assign modal is drawn from the core's description; field errors come back on their blocks", async () => {
    const opened = world.fake.calls("views.open").length;
    await world.command(p.bob, "assign");
    const form = (await world.fake.waitFor("views.open", opened + 1)).at(-1)?.body.view as {
      callback_id: string;
      blocks: Input[];
    };
    const blocks = new Map(form.blocks.map((b) => [b.block_id, b]));
    for (const field of ASSIGN_FORM.fields as readonly FormField[]) {
      const block = blocks.get(field.kind === "dateTime" ? `${field.id}_date` : field.id);
      expect(block, field.id).toBeDefined();
      expect(block?.optional, field.id).toBe(!field.required);
      // Slack caps a text input at 3,000 characters; under that, the core's own limit.
      if (field.maxLength && block?.element.type === "plain_text_input") {
        expect(block.element.max_length, field.id).toBe(Math.min(field.maxLength, 3000));
      }
    }
    expect(blocks.get("notes")?.element.max_length).toBe(3000);
    expect(blocks.get("title")?.element.max_length).toBe(FIELD_LIMITS.title);

    const bad = await world.submitView(p.bob, form, {
      user: { value: { type: "users_select", selected_user: p.maria.user } },
      matter: { value: { type: "plain_text_input", value: "M-1" } },
      title: { value: { type: "plain_text_input", value: "" } },
      est: { value: { type: "plain_text_input", value: "lots" } },
    });
    const errors = (await bad.json()) as { response_action: string; errors: Record<string, string> };
    expect(errors.response_action).toBe("errors");
    expect(errors.errors.title).toBe(ASSIGN_FORM.fields.find((f) => f.id === "title")?.errorMessage);
    expect(errors.errors.due_date).toBe("When is it due?");
    expect(errors.errors.est).toMatch(/est: wants a duration/);
  });

  it("Ask's modal is the core's ask form; an empty question is refused on its block", async () => {
    await world.commandReply(
      p.bob,
      'assign <@UMARIATVIEWS3|maria> "Brief" matter:M-1 due:"2026-12-04 17:00"',
    );
    await world.deliver();
    const dm = world.fake
      .calls("chat.postMessage")
      .filter((c) => c.body.channel === p.maria.user)
      .at(-1);
    const ask = buttonsOf(dm?.body.blocks).find((b) => b.label === "Ask");
    if (!ask) throw new Error("no Ask button");
    const opened = world.fake.calls("views.open").length;
    await world.click(p.maria, ask, { channel: String(dm?.response?.channel), ts: String(dm?.response?.ts) });
    const form = (await world.fake.waitFor("views.open", opened + 1)).at(-1)?.body.view as {
      callback_id: string;
      private_metadata: string;
      blocks: Input[];
    };
    expect(form.blocks.map((b) => b.block_id)).toEqual(ASK_FORM.fields.map((f) => f.id));
    expect(form.blocks[0]?.element.max_length).toBe(FIELD_LIMITS.question);
    const refused = await world.submitView(p.maria, form, {
      question: { value: { type: "plain_text_input", value: "  " } },
    });
    expect(await refused.json()).toEqual({
      response_action: "errors",
      errors: { question: "Say what to ask." },
    });
  });
});

describe("Slack paging", () => {
  let world: SlackWorld;
  let p: ReturnType<typeof slackPeople>;

  beforeAll(async () => {
    world = await startSlackWorld();
    p = await seedSlackFirm(world, "TVIEWS2");
    for (let i = 1; i <= PAGE + 1; i++) {
      await world.commandReply(
        p.bob,
        `assign <@UMARIATVIEWS2|maria> "Bulk ${i}" matter:M-1 due:"2026-12-0${1 + (i % 8) + 1} 17:00"`,
      );
    }
  });
  afterAll(() => world.close());

  it("a long list in a message has a More button that answers with the next page, privately", async () => {
    const reply = await world.commandReply(p.maria, "list mine");
    const more = buttonsOf(reply.blocks).find((b) => b.label === "More");
    expect(more).toMatchObject({ action_id: "delegate_more", value: "list mine page:2" });
    // No line of the reply carries the command as text: paging is an action now.
    expect(blocksText(reply.blocks)).not.toContain("More:");
    const answers = world.fake.responses().length;
    const dm = { channel: `D${p.maria.user}`, ts: "1767326126.896109", ephemeral: true };
    expect((await world.click(p.maria, more ?? { action_id: "", value: "" }, dm)).status).toBe(200);
    const [page2] = (await world.fake.waitForResponses(answers + 1)).slice(answers);
    expect(blocksText(page2?.body.blocks)).toContain("Your open tasks (page 2)");
    expect(page2?.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
  });

  it("the Home tab's More (a click from a view, with no response_url) sends the next page as a DM", async () => {
    const published = world.fake.calls("views.publish").length;
    const opened = withIds(fixture("slack/app-home-opened.json"), { T111: "TVIEWS2", W111: p.maria.user });
    const home = { ...opened, event: { ...(opened.event as Json), tab: "home" } };
    expect((await postSigned(world.events, JSON.stringify(home), JSON_TYPE)).status).toBe(200);
    const view = (await world.fake.waitFor("views.publish", published + 1)).at(-1)?.body.view as {
      blocks: unknown;
    };
    const more = buttonsOf(view.blocks).find((b) => b.label === "More");
    expect(more).toMatchObject({ action_id: "delegate_more", value: "list mine page:2" });

    // The recorded block_actions from a view (tests/fixtures/README.md): no channel, message or response_url.
    const recorded = withIds(fixture("slack/block-actions-view.json"), {
      T00FAKE00AA: "TVIEWS2",
      U00FAKEUSER1: p.maria.user,
    });
    expect(recorded.response_url).toBeUndefined();
    const [action] = recorded.actions as Json[];
    recorded.actions = [{ ...action, action_id: more?.action_id, value: more?.value }];
    const posts = world.fake.calls("chat.postMessage").length;
    expect((await postSigned(world.events, interactionForm(recorded), FORM)).status).toBe(200);
    const sent = (await world.fake.waitFor("chat.postMessage", posts + 1)).at(-1);
    expect(sent?.body.channel).toBe(p.maria.user);
    expect(blocksText(sent?.body.blocks)).toContain("Your open tasks (page 2)");
    expect(blocksText(sent?.body.blocks)).toContain("Bulk");
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

  it("a long list's card has a More button; its Action.Execute answers with the next page in place", async () => {
    const { client, bob, maria } = f;
    for (let i = 1; i <= PAGE + 1; i++) {
      await f.command(bob, `assign <at>${maria.name}</at> "Bulk ${i}" matter:M-1 due:"2026-12-09 17:00"`, {
        mentions: [maria],
      });
    }
    await f.command(maria, "list mine");
    const list = f.lastCard(maria);
    expect(cardText(list)).not.toContain("More:");
    const more = buttonData(list, "More");
    expect(more).toEqual({ verb: "more", data: { delegate: "more", command: "list mine page:2" } });
    const page2 = await client.invoke(maria, more.verb, more.data);
    expect(page2.status).toBe(200);
    expect(cardText(page2.body.value ?? {})).toContain("Your open tasks (page 2)");
    expect(cardText(page2.body.value ?? {})).toContain("Bulk");
  });

  /** Every input of a card (also inside Action.ShowCard), in order, with what follows each. */
  const inputsOf = (node: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] => {
    if (Array.isArray(node)) {
      for (const n of node) inputsOf(n, out);
    } else if (typeof node === "object" && node !== null) {
      const n = node as Record<string, unknown>;
      if (typeof n.type === "string" && n.type.startsWith("Input.")) out.push(n);
      for (const key of ["body", "actions", "card", "items"]) inputsOf(n[key], out);
    }
    return out;
  };

  it("the assign card is drawn from the core's description: required inputs carry its errorMessage, limits are the core's", async () => {
    const { client, bob } = f;
    await client.say(bob, "assign");
    const form = f.lastCard(bob);
    const inputs = new Map(inputsOf(form).map((i) => [String(i.id), i]));
    for (const field of ASSIGN_FORM.fields as readonly FormField[]) {
      const input = inputs.get(field.kind === "dateTime" ? `${field.id}Date` : field.id);
      expect(input, field.id).toBeDefined();
      expect(input?.isRequired ?? false, field.id).toBe(field.required);
      if (field.required) expect(input?.errorMessage, field.id).toBe(field.errorMessage);
      if (field.maxLength && input?.type === "Input.Text")
        expect(input.maxLength, field.id).toBe(field.maxLength);
    }
    expect(inputs.get("notes")?.maxLength).toBe(4000);
  });

  it("a refused assign card comes back with each problem under its own field", async () => {
    const { client, bob, maria } = f;
    await client.say(bob, "assign");
    const bad = buttonData(f.lastCard(bob), "Assign", {
      user: maria.name,
      matter: "M-1",
      title: "",
      est: "lots",
    });
    const refused = (await client.invoke(bob, bad.verb, bad.data)).body.value ?? {};
    const body = (refused.body ?? []) as Record<string, unknown>[];
    const under = (id: string) => {
      const i = body.findIndex((e) => e.id === id);
      const next = body[i + 1];
      return next?.type === "TextBlock" ? String(next.text) : undefined;
    };
    expect(under("title")).toBe("Give the task a title.");
    expect(under("dueDate")).toBe("When is it due?");
    expect(under("est")).toMatch(/est: wants a duration/);
    expect(under("matter")).toBeUndefined();
  });

  it("Request changes is the core's changes form on the card; an empty one comes back under its field", async () => {
    const { client, bob, maria } = f;
    await f.command(bob, `assign <at>${maria.name}</at> "Redline" matter:M-1 due:"2026-12-04 17:00"`, {
      mentions: [maria],
    });
    await f.command(maria, "list mine");
    const n = Math.max(
      ...[...cardText(f.lastCard(maria)).matchAll(/T-(\d+) · M-1 · Redline/g)].map((m) => Number(m[1])),
    );
    await f.command(maria, `submit T-${n}`);
    await t.deliver();
    const review = f.lastCard(bob);
    const fields = inputsOf(review).filter((i) => ["what", "reason"].includes(String(i.id)));
    expect(fields.map((i) => i.id)).toEqual(CHANGES_FORM.fields.map((x) => x.id));
    expect(fields[0]).toMatchObject({ isRequired: true, errorMessage: "Say what to fix.", maxLength: 4000 });
    const send = buttonData(review, "Send back", { what: "" });
    const card = (await client.invoke(bob, send.verb, send.data)).body.value ?? {};
    expect(cardText(card)).toContain("Say what to fix.");
    // On the card's own changes form too, right under "what to fix".
    const form = (card.actions ?? []).find((a) => a.title === "Request changes")?.card as
      | { body: Record<string, unknown>[] }
      | undefined;
    const what = form?.body.findIndex((e) => e.id === "what") ?? -1;
    expect(form?.body[what + 1]).toMatchObject({ type: "TextBlock", text: "Say what to fix." });
  });
});

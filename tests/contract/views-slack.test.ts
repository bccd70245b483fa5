import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ASK_FORM, ASSIGN_FORM, FIELD_LIMITS, type FormField } from "../../src/views/form-fields.js";
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

import { coreCalls, lastAuditId, PAGE, readsSince } from "./views-support.js";

/*
 * The views contract (slack; views-*.test.ts have the other platforms), through the real entry point:
 * a click is one call of the core and comes back resolved (the task as it is now, to redraw);
 * forms are drawn from the core's own description and its field errors come back on the field;
 * paging is an action (a button in Slack and Teams, a line to type in the console).
 */

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

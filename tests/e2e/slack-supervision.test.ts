import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowCounts } from "../support/core-harness.js";
import type { RecordedCall } from "../support/fake-slack-api.js";
import {
  blocksText,
  buttonsOf,
  lastDmTo,
  type SlackModal,
  type SlackWorld,
  seedSlackFirm,
  type slackPeople,
  startSlackWorld,
} from "../support/slack-world.js";

/*
 * Acknowledge and Ask in Slack, over HTTP with signed requests: the buttons on the assignment
 * message, the Ask form, the question delivered to the other side, and a covering attorney's
 * approval by button.
 */

describe("Slack: acknowledge, ask and cover", () => {
  let world: SlackWorld;
  let p: ReturnType<typeof slackPeople>;

  const button = (call: { body: { blocks?: unknown } } | undefined, label: string) => {
    const b = buttonsOf(call?.body.blocks).find((x) => x.label === label);
    if (!b) throw new Error(`no ${label} button in ${blocksText(call?.body.blocks)}`);
    return { action_id: b.action_id, value: b.value };
  };
  const where = (call: RecordedCall) => ({
    channel: String(call.response?.channel),
    ts: String(call.response?.ts),
  });
  const task = async (n: number) =>
    (
      await world.server.database.query<{ acknowledged_at: Date | null; version: number; status: string }>(
        "select acknowledged_at, version, status from tasks where number = $1",
        [n],
      )
    )[0];

  beforeAll(async () => {
    world = await startSlackWorld();
    p = await seedSlackFirm(world, "T300");
  });
  afterAll(() => world.close());

  it("Acknowledge on the assignment message records it and redraws the message without it", async () => {
    await world.commandReply(
      p.bob,
      'assign <@UMARIAT300|maria> "Privilege log" matter:M-1 due:"2026-12-04 17:00"',
    );
    await world.deliver();
    const toMaria = lastDmTo(world, p.maria.user);
    expect(buttonsOf(toMaria.body.blocks).map((b) => b.label)).toEqual([
      "Acknowledge",
      "Start",
      "Submit",
      "Ask",
    ]);
    expect(blocksText(toMaria.body.blocks)).toContain("not yet");

    const updates = world.fake.calls("chat.update").length;
    await world.click(p.maria, button(toMaria, "Acknowledge"), where(toMaria));
    const [redrawn] = (await world.fake.waitFor("chat.update", updates + 1)).slice(updates);
    expect(buttonsOf(redrawn?.body.blocks).map((b) => b.label)).toEqual(["Start", "Submit", "Ask"]);
    expect(blocksText(redrawn?.body.blocks)).toContain("Acknowledged T-1");
    expect(await task(1)).toMatchObject({ version: 1, status: "assigned" });
    expect((await task(1))?.acknowledged_at).not.toBeNull();
  });

  it("Ask opens a form; an empty question is refused in the ack; the question reaches the supervisor", async () => {
    const toMaria = lastDmTo(world, p.maria.user);
    const opened = world.fake.calls("views.open").length;
    await world.click(p.maria, button(toMaria, "Ask"), where(toMaria));
    const form = (await world.fake.waitFor("views.open", opened + 1)).at(-1)?.body.view as SlackModal;
    expect(form.callback_id).toBe("delegate_ask");

    const before = await rowCounts(world.server.database);
    const empty = await world.submitView(p.maria, form, {
      question: { value: { type: "plain_text_input", value: " " } },
    });
    expect(await empty.json()).toEqual({
      response_action: "errors",
      errors: { question: "Say what to ask." },
    });
    expect(await rowCounts(world.server.database)).toEqual(before);

    const sent = await world.submitView(p.maria, form, {
      question: {
        value: { type: "plain_text_input", value: "Do <!channel> privileged drafts go in the log?" },
      },
    });
    const done = (await sent.json()) as { response_action: string; view: { blocks: unknown } };
    expect(done.response_action).toBe("update");
    expect(blocksText(done.view.blocks)).toContain("Sent your question on T-1 to Bob Stone.");
    await world.deliver();
    const toBob = lastDmTo(world, p.bob.user);
    const text = blocksText(toBob.body.blocks);
    expect(text).toContain(
      "Maria Santos asks about T-1: Do &lt;!channel&gt; privileged drafts go in the log?",
    );
    expect(JSON.stringify(toBob.body)).not.toContain("<!channel>");
    expect(buttonsOf(toBob.body.blocks).map((b) => b.label)).toEqual(["Ask"]);
  });

  it("a covering attorney gets the review notice and approves by button, recorded as covering", async () => {
    const away = await world.commandReply(
      p.alice,
      `away <@${p.bob.user}|bob> until:2026-12-20 cover:<@${p.carol.user}|carol>`,
    );
    expect(away.text).toContain("Carol Diaz covers for Bob Stone");
    expect((await world.commandReply(p.maria, 'submit T-1 "https://dms.example/log"')).text).toContain(
      "Carol Diaz covers for them and has your submission",
    );
    await world.deliver();
    const toCarol = lastDmTo(world, p.carol.user);
    expect(blocksText(toCarol.body.blocks)).toContain("Bob Stone is away");
    const updates = world.fake.calls("chat.update").length;
    await world.click(p.carol, button(toCarol, "Approve"), where(toCarol));
    await world.fake.waitFor("chat.update", updates + 1);
    expect(await task(1)).toMatchObject({ status: "approved" });
    const [review] = await world.server.database.query<{ reviewer: string; covered: string }>(
      `select r.display_name as reviewer, c.display_name as covered from reviews v
         join people r on r.id = v.reviewer_id join people c on c.id = v.covered_for`,
    );
    expect(review).toEqual({ reviewer: "Carol Diaz", covered: "Bob Stone" });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowCounts } from "../support/core-harness.js";
import { commandForm, fixture, interactionForm, type Json, withIds } from "../support/replay.js";
import { FORM, JSON_TYPE, postSigned, type Who } from "../support/slack-requests.js";
import {
  blocksText,
  buttonsOf,
  lastDmTo,
  type SlackWorld,
  seedSlackFirm,
  type slackPeople,
  startSlackWorld,
} from "../support/slack-world.js";

/*
 * Recorded Slack payloads (tests/fixtures/slack, sources in tests/fixtures/README.md) replayed
 * against the real server over HTTP, signed with our signing secret. Only ids and URLs are the
 * test's; the shapes are what Slack sent. Each test checks what the person would see.
 */
const TEAM = "T0REPLAY";

/** The ids each recording carries, to be swapped for the test's. */
const RECORDED = {
  command: { team: "T00FAKE00BB", user: "U00FAKEUSER2" },
  message: { team: "T00FAKE00AA", user: "U00FAKEUSER1", channel: "C00FAKECHAN1", ts: "1767326126.896109" },
  ephemeral: { team: "T00FAKE00BB", user: "U00FAKEUSER2", channel: "C00FAKECHAN3", ts: "1771126609.000200" },
  event: { team: "T111", user: "W111" },
};

const taskRow = async (world: SlackWorld, n: number) => {
  const [row] = await world.server.database.query<{ status: string; version: number }>(
    "select status, version from tasks where number = $1",
    [n],
  );
  return row;
};

const buttonIn = (blocks: unknown, label: string) => {
  const b = buttonsOf(blocks).find((x) => x.label === label);
  if (!b) throw new Error(`no ${label} button in ${blocksText(blocks)}`);
  return b;
};

describe("recorded Slack payloads replayed", () => {
  let world: SlackWorld;
  let p: ReturnType<typeof slackPeople>;
  let n = 0;

  beforeAll(async () => {
    world = await startSlackWorld();
    p = await seedSlackFirm(world, TEAM);
  });
  afterAll(() => world.close());

  /** The recorded slash command, as `who`, saying `text`. */
  const slashCommand = (name: string, who: Who, text: string): Promise<Response> => {
    const recorded = fixture(`slack/${name}`);
    const body = withIds(recorded, {
      [RECORDED.command.team]: who.team,
      [RECORDED.command.user]: who.user,
      [String(recorded.response_url)]: world.fake.responseUrl(`replay-${++n}`),
      "/test-feedback": "/delegate",
    });
    return postSigned(world.events, commandForm({ ...body, text }), FORM);
  };

  /** A recorded block_actions payload, clicked by `who` on `button` (the ids Delegate drew). */
  const click = (
    name: string,
    recordedIds: { team: string; user: string; channel?: string; ts?: string },
    who: Who,
    button: { action_id: string; value: string },
    where: { channel: string; ts: string } | undefined,
  ): Promise<Response> => {
    const recorded = fixture(`slack/${name}`);
    const ids: Record<string, string> = { [recordedIds.team]: who.team, [recordedIds.user]: who.user };
    if (typeof recorded.response_url === "string") {
      ids[recorded.response_url] = world.fake.responseUrl(`replay-${++n}`);
    }
    if (recordedIds.channel && recordedIds.ts && where) {
      ids[recordedIds.channel] = where.channel;
      ids[recordedIds.ts] = where.ts;
    }
    const payload = withIds(recorded, ids);
    const [action] = payload.actions as Json[];
    payload.actions = [{ ...action, action_id: button.action_id, value: button.value }];
    return postSigned(world.events, interactionForm(payload), FORM);
  };

  const event = (recorded: Json, headers: Record<string, string> = {}) =>
    postSigned(world.events, JSON.stringify(recorded), JSON_TYPE, { headers });

  it("a slash command with arguments is answered in its ack, privately", async () => {
    const res = await slashCommand("slash-command.json", p.bob, "team list");
    expect(res.status).toBe(200);
    const reply = (await res.json()) as { response_type: string; text: string };
    expect(reply.response_type).toBe("ephemeral");
    expect(reply.text).toContain("Maria Santos");
  });

  it("a slash command with no text opens the assign form with the recorded trigger", async () => {
    const opened = world.fake.calls("views.open").length;
    const res = await slashCommand("slash-command-empty.json", p.bob, "");
    expect(res.status).toBe(200);
    const [call] = (await world.fake.waitFor("views.open", opened + 1)).slice(opened);
    expect(call?.body.trigger_id).toBe(fixture("slack/slash-command-empty.json").trigger_id);
    expect(call?.body.view).toMatchObject({ callback_id: "delegate_assign" });
  });

  it("block_actions from a posted message: Start redraws that message in place", async () => {
    await world.commandReply(
      p.bob,
      `assign <@${p.maria.user}|maria> "Index exhibits" matter:M-1 due:"2026-12-04 17:00"`,
    );
    await world.deliver();
    const dm = lastDmTo(world, p.maria.user);
    const where = { channel: String(dm.response?.channel), ts: String(dm.response?.ts) };
    const updates = world.fake.calls("chat.update").length;
    const res = await click(
      "block-actions-message.json",
      RECORDED.message,
      p.maria,
      buttonIn(dm.body.blocks, "Start"),
      where,
    );
    expect(res.status).toBe(200);
    const [update] = (await world.fake.waitFor("chat.update", updates + 1)).slice(updates);
    expect(update?.body).toMatchObject(where);
    expect(blocksText(update?.body.blocks)).toMatch(/Started T-1/);
    expect(buttonsOf(update?.body.blocks).map((b) => b.label)).toEqual(["Submit", "Ask"]);
    expect(await taskRow(world, 1)).toMatchObject({ status: "in_progress" });
  });

  it("view_submission of the Submit form submits the task and closes on the outcome", async () => {
    const dm = world.fake.calls("chat.update").at(-1);
    const opened = world.fake.calls("views.open").length;
    await click(
      "block-actions-message.json",
      RECORDED.message,
      p.maria,
      buttonIn(dm?.body.blocks, "Submit"),
      { channel: String(dm?.body.channel), ts: String(dm?.body.ts) },
    );
    const [open] = (await world.fake.waitFor("views.open", opened + 1)).slice(opened);
    const form = open?.body.view as Json;
    const recorded = fixture("slack/view-submission.json");
    const payload = withIds(recorded, {
      [RECORDED.ephemeral.team]: TEAM,
      [RECORDED.ephemeral.user]: p.maria.user,
    });
    // Slack echoes the app's own view (callback, metadata, blocks) with the person's input.
    payload.view = {
      ...(payload.view as Json),
      callback_id: form.callback_id,
      private_metadata: form.private_metadata,
      blocks: form.blocks,
      state: {
        values: {
          notes: { value: { type: "plain_text_input", value: "https://dms.example/exhibits" } },
          spent: { value: { type: "plain_text_input", value: "1.5h" } },
        },
      },
    };
    const res = await postSigned(world.events, interactionForm(payload), FORM);
    const ack = (await res.json()) as { response_action: string; view: { blocks: unknown } };
    expect(ack.response_action).toBe("update");
    expect(blocksText(ack.view.blocks)).toMatch(/Submitted T-1/);
    expect(await taskRow(world, 1)).toMatchObject({ status: "submitted" });
  });

  it("block_actions from an ephemeral reply: Approve replaces the reply through its response_url", async () => {
    const shown = await world.commandReply(p.bob, "show T-1");
    const answers = world.fake.responses().length;
    const res = await click(
      "block-actions-ephemeral.json",
      RECORDED.ephemeral,
      p.bob,
      buttonIn(shown.blocks, "Approve"),
      { channel: "C2147483705", ts: "1771126609.000200" },
    );
    expect(res.status).toBe(200);
    const [replaced] = (await world.fake.waitForResponses(answers + 1)).slice(answers);
    expect(replaced?.body.replace_original).toBe(true);
    expect(blocksText(replaced?.body.blocks)).toMatch(/Approved T-1 \(round 1\) by Bob Stone/);
    expect(await taskRow(world, 1)).toMatchObject({ status: "approved" });
  });

  it("block_actions from a view (the Home tab) is acknowledged and changes nothing", async () => {
    const before = await rowCounts(world.server.database);
    const res = await click(
      "block-actions-view.json",
      RECORDED.message,
      p.bob,
      { action_id: "delegate_more", value: "list all page:2" },
      undefined,
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    expect(await rowCounts(world.server.database)).toEqual(before);
  });

  it("app_home_opened draws the Home tab; the Messages tab draws nothing", async () => {
    const recorded = withIds(fixture("slack/app-home-opened.json"), {
      [RECORDED.event.team]: TEAM,
      [RECORDED.event.user]: p.bob.user,
    });
    const published = world.fake.calls("views.publish").length;
    // Two openings are two events, with two ids (a repeated id is a retry, dropped).
    expect((await event({ ...recorded, event_id: "Ev0MESSAGESTAB" })).status).toBe(200);
    const home = { ...recorded, event_id: "Ev0HOMETAB", event: { ...(recorded.event as Json), tab: "home" } };
    expect((await event(home)).status).toBe(200);
    const [call, ...more] = (await world.fake.waitFor("views.publish", published + 1)).slice(published);
    expect(more).toEqual([]);
    expect(call?.body.user_id).toBe(p.bob.user);
    expect(blocksText(call?.body.view)).toContain("Waiting for your review");
  });

  it("a retried event whose first delivery never arrived is still worked on", async () => {
    const recorded = withIds(fixture("slack/app-home-opened.json"), {
      [RECORDED.event.team]: TEAM,
      [RECORDED.event.user]: p.maria.user,
      Ev111: "Ev0RETRIED1",
    });
    const home = { ...recorded, event: { ...(recorded.event as Json), tab: "home" } };
    const published = world.fake.calls("views.publish").length;
    const res = await event(home, { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" });
    expect(res.status).toBe(200);
    const [call] = (await world.fake.waitFor("views.publish", published + 1)).slice(published);
    expect(call?.body.user_id).toBe(p.maria.user);
    expect(blocksText(call?.body.view)).toContain("Your open tasks");
  });
});

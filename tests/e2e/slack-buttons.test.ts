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
 * The supervision loop in Slack, over HTTP: notifications with buttons, clicks re-checked by the
 * core, small modals for Submit and Request changes, the decided message redrawn in place, and
 * second clicks, stale buttons and other people's clicks refused privately.
 */

const button = (call: RecordedCall, label: string) => {
  const b = buttonsOf(call.body.blocks).find((x) => x.label === label);
  if (!b) throw new Error(`no ${label} button in ${blocksText(call.body.blocks)}`);
  return { action_id: b.action_id, value: b.value };
};

/** Where a DM landed, as Slack answered chat.postMessage and as a click payload names it. */
const messageOfDm = (_world: SlackWorld, call: RecordedCall) => ({
  channel: String(call.response?.channel),
  ts: String(call.response?.ts),
});

const taskRow = async (world: SlackWorld, n: number) => {
  const [row] = await world.server.database.query<{ status: string; version: number; round: number }>(
    "select status, version, round from tasks where number = $1",
    [n],
  );
  return row;
};

describe("Slack buttons and modals", () => {
  let world: SlackWorld;
  let p: ReturnType<typeof slackPeople>;

  beforeAll(async () => {
    world = await startSlackWorld();
    p = await seedSlackFirm(world, "T200");
  });
  afterAll(() => world.close());

  const openedModal = async (count: number): Promise<SlackModal> => {
    const opened = await world.fake.waitFor("views.open", count);
    return opened[count - 1]?.body.view as SlackModal;
  };

  it("assign → start → submit → approve by buttons; the decided message is redrawn without buttons", async () => {
    const assigned = await world.commandReply(
      p.bob,
      'assign <@UMARIAT200|maria> "Review exhibits" matter:M-1 due:"2026-12-04 17:00" est:3h',
    );
    expect(assigned.text).toContain("Assigned T-1 to Maria Santos");
    await world.deliver();
    const toMaria = lastDmTo(world, p.maria.user);
    expect(blocksText(toMaria.body.blocks)).toContain("Review exhibits");
    expect(buttonsOf(toMaria.body.blocks).map((b) => b.label)).toEqual([
      "Acknowledge",
      "Start",
      "Submit",
      "Ask",
    ]);

    // Start: the message is redrawn from the task as it is now, Submit carrying the new version.
    const dm = messageOfDm(world, toMaria);
    expect((await world.click(p.maria, button(toMaria, "Start"), dm)).status).toBe(200);
    const [started] = await world.fake.waitFor("chat.update", 1);
    expect(started?.body).toMatchObject({ channel: dm.channel, ts: dm.ts });
    // Starting acknowledged the assignment: no Acknowledge any more.
    expect(buttonsOf(started?.body.blocks).map((b) => b.label)).toEqual(["Submit", "Ask"]);
    expect(JSON.parse(buttonsOf(started?.body.blocks)[0]?.value ?? "{}")).toEqual({
      action: "submit",
      task: 1,
      version: 2,
    });
    expect(await taskRow(world, 1)).toMatchObject({ status: "in_progress", version: 2 });

    // Submit opens a small form; its submission goes through the core.
    const submitClick = buttonsOf(started?.body.blocks)[0];
    if (!submitClick) throw new Error("no submit button");
    await world.click(p.maria, submitClick, dm);
    const form = await openedModal(1);
    expect(form.callback_id).toBe("delegate_submit");
    const ack = await world.submitView(p.maria, form, {
      notes: { value: { type: "plain_text_input", value: "https://dms.example/doc/1" } },
      spent: { value: { type: "plain_text_input", value: "2.5h" } },
    });
    expect(await ack.json()).toMatchObject({ response_action: "update" });
    expect(await taskRow(world, 1)).toMatchObject({ status: "submitted", round: 1 });

    await world.deliver();
    const toBob = lastDmTo(world, p.bob.user);
    expect(blocksText(toBob.body.blocks)).toContain("submitted T-1 for your review");
    expect(buttonsOf(toBob.body.blocks).map((b) => b.label)).toEqual(["Approve", "Request changes", "Ask"]);

    const bobDm = messageOfDm(world, toBob);
    const updatesBefore = world.fake.calls("chat.update").length;
    await world.click(p.bob, button(toBob, "Approve"), bobDm);
    const updates = await world.fake.waitFor("chat.update", updatesBefore + 1);
    const resolved = updates.at(-1);
    expect(resolved?.body).toMatchObject({ channel: bobDm.channel, ts: bobDm.ts });
    expect(buttonsOf(resolved?.body.blocks)).toEqual([]);
    expect(blocksText(resolved?.body.blocks)).toMatch(/Approved T-1 \(round 1\) by Bob Stone at .*2026/);
    expect(await taskRow(world, 1)).toMatchObject({ status: "approved" });
  });

  it("a second click, a stale button or someone else's click changes nothing and is answered privately", async () => {
    const toBob = lastDmTo(world, p.bob.user);
    const bobDm = messageOfDm(world, toBob);
    const before = await rowCounts(world.server.database);
    const updates = world.fake.calls("chat.update").length;
    const answers = world.fake.responses().length;

    await world.click(p.bob, button(toBob, "Approve"), bobDm);
    await world.click(p.bob, button(toBob, "Approve"), bobDm);
    await world.click(p.maria, button(toBob, "Approve"), bobDm);
    const replies = (await world.fake.waitForResponses(answers + 3)).slice(answers);
    // Answers may arrive in any order: each click is worked on after its ack.
    const texts = replies.map((r) => String(r.body.text)).sort();
    expect(texts[0]).toMatch(/^Only Bob Stone, who supervises T-1, or an admin can approve it/);
    expect(texts[1]).toMatch(/^That message is out of date\. T-1 was already approved by Bob Stone/);
    expect(texts[2]).toMatch(/^That message is out of date\. T-1 was already approved by Bob Stone/);
    expect(
      replies.every((r) => r.body.response_type === "ephemeral" && r.body.replace_original === false),
    ).toBe(true);
    expect(world.fake.calls("chat.update")).toHaveLength(updates);
    expect(await rowCounts(world.server.database)).toEqual(before);
  });

  it("the same click delivered twice has one effect", async () => {
    await world.commandReply(
      p.bob,
      'assign <@UMARIAT200|maria> "Cite-check" matter:M-1 due:"2026-12-04 17:00"',
    );
    await world.deliver();
    const toMaria = lastDmTo(world, p.maria.user);
    const dm = messageOfDm(world, toMaria);
    const start = button(toMaria, "Start");
    const answers = world.fake.responses().length;
    const updates = world.fake.calls("chat.update").length;
    const [a, b] = await Promise.all([world.click(p.maria, start, dm), world.click(p.maria, start, dm)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    // One click wins and redraws the message; the other is told privately.
    await world.fake.waitFor("chat.update", updates + 1);
    const [refusal] = (await world.fake.waitForResponses(answers + 1)).slice(answers);
    expect(String(refusal?.body.text)).toMatch(/out of date|is in progress/);
    const events = await world.server.database.query<{ n: number }>(
      "select count(*)::int as n from audit_events e join tasks t on t.id = e.task_id where t.number = 2 and e.action like 'task.%' and e.action <> 'task.viewed' and e.action <> 'task.assigned'",
    );
    expect(await taskRow(world, 2)).toMatchObject({ status: "in_progress", version: 2 });
    expect(events[0]?.n).toBe(1);
  });

  it("Request changes opens a form; the task goes back, is resubmitted and approved by command", async () => {
    expect((await world.commandReply(p.maria, 'submit T-2 "first draft" spent:1h')).text).toContain(
      "Submitted T-2",
    );
    await world.deliver();
    const toBob = lastDmTo(world, p.bob.user);
    const opened = world.fake.calls("views.open").length;
    await world.click(p.bob, button(toBob, "Request changes"), messageOfDm(world, toBob));
    const form = await openedModal(opened + 1);
    expect(form.callback_id).toBe("delegate_changes");

    const empty = await world.submitView(p.bob, form, {
      what: { value: { type: "plain_text_input", value: "" } },
    });
    expect(await empty.json()).toEqual({ response_action: "errors", errors: { what: "Say what to fix." } });
    expect(await taskRow(world, 2)).toMatchObject({ status: "submitted" });

    const sent = await world.submitView(p.bob, form, {
      what: { value: { type: "plain_text_input", value: "Cite the 2019 ruling" } },
      reason: { value: { type: "static_select", selected_option: { value: "citation" } } },
    });
    expect(await sent.json()).toMatchObject({ response_action: "update" });
    expect(await taskRow(world, 2)).toMatchObject({ status: "changes_requested", round: 1 });
    await world.deliver();
    const back = lastDmTo(world, p.maria.user);
    expect(blocksText(back.body.blocks)).toContain(
      "requested changes on T-2 (citation): Cite the 2019 ruling",
    );

    expect((await world.commandReply(p.maria, "start T-2")).text).toContain("Started T-2");
    expect((await world.commandReply(p.maria, 'submit T-2 "second draft"')).text).toContain("round 2");
    expect((await world.commandReply(p.bob, 'approve T-2 "Good"')).text).toMatch(/Approved T-2 \(round 2\)/);
    expect(await taskRow(world, 2)).toMatchObject({ status: "approved", round: 2 });
  });

  it("/delegate alone and /delegate assign open the assign form; bad fields come back in the ack, nothing written", async () => {
    const opened = world.fake.calls("views.open").length;
    const empty = await world.command(p.bob, "");
    expect(empty.status).toBe(200);
    expect(await empty.text()).toBe("");
    await world.command(p.bob, "assign");
    const form = await openedModal(opened + 2);
    expect(form.callback_id).toBe("delegate_assign");
    expect(world.fake.calls("views.open").at(-1)?.body.trigger_id).toContain(p.bob.user);

    const before = await rowCounts(world.server.database);
    const bad = await world.submitView(p.bob, form, {
      user: { value: { type: "users_select", selected_user: p.maria.user } },
      matter: { value: { type: "plain_text_input", value: "M-1" } },
      title: { value: { type: "plain_text_input", value: "" } },
      due_date: { value: { type: "datepicker", selected_date: "2026-12-04" } },
      est: { value: { type: "plain_text_input", value: "lots" } },
    });
    const errors = (await bad.json()) as { response_action: string; errors: Record<string, string> };
    expect(errors.response_action).toBe("errors");
    expect(Object.keys(errors.errors).sort()).toEqual(["est", "title"]);

    const past = await world.submitView(p.bob, form, {
      user: { value: { type: "users_select", selected_user: p.maria.user } },
      matter: { value: { type: "plain_text_input", value: "M-1" } },
      title: { value: { type: "plain_text_input", value: "Summarise depositions" } },
      due_date: { value: { type: "datepicker", selected_date: "2026-11-02" } },
      due_time: { value: { type: "timepicker", selected_time: "09:00" } },
    });
    expect(await past.json()).toEqual({
      response_action: "errors",
      errors: { due_date: "That time is in the past." },
    });

    const noMatter = await world.submitView(p.bob, form, {
      user: { value: { type: "users_select", selected_user: p.maria.user } },
      matter: { value: { type: "plain_text_input", value: "M-404" } },
      title: { value: { type: "plain_text_input", value: "Summarise depositions" } },
      due_date: { value: { type: "datepicker", selected_date: "2026-12-04" } },
    });
    const noMatterErrors = (await noMatter.json()) as { errors: Record<string, string> };
    expect(noMatterErrors.errors.matter).toContain("Matter M-404 not found");
    expect(await rowCounts(world.server.database)).toEqual(before);

    const good = await world.submitView(p.bob, form, {
      user: { value: { type: "users_select", selected_user: p.maria.user } },
      matter: { value: { type: "plain_text_input", value: "M-1" } },
      title: { value: { type: "plain_text_input", value: "Summarise depositions" } },
      notes: { value: { type: "plain_text_input", value: "Focus on the timeline" } },
      due_date: { value: { type: "datepicker", selected_date: "2026-12-04" } },
      due_time: { value: { type: "timepicker", selected_time: "12:00" } },
      est: { value: { type: "plain_text_input", value: "2h" } },
      type: { value: { type: "static_select", selected_option: { value: "document_review" } } },
    });
    const done = (await good.json()) as { response_action: string; view: { blocks: unknown } };
    expect(done.response_action).toBe("update");
    expect(blocksText(done.view.blocks)).toContain("Assigned T-3 to Maria Santos");
    const [task] = await world.server.database.query<{ category: string; est_minutes: number; due_at: Date }>(
      "select category, est_minutes, due_at from tasks where number = 3",
    );
    expect(task).toMatchObject({ category: "document_review", est_minutes: 120 });
    expect(new Date(task?.due_at ?? 0).toISOString()).toBe("2026-12-04T17:00:00.000Z");
  });

  it("App Home shows an attorney what waits for review and a professional their open tasks", async () => {
    await world.commandReply(p.maria, 'submit T-3 "summary"');
    const published = world.fake.calls("views.publish").length;
    await world.event("T200", { type: "app_home_opened", user: p.bob.user, tab: "home", event_ts: "1.1" });
    await world.event("T200", { type: "app_home_opened", user: p.maria.user, tab: "home", event_ts: "1.2" });
    const calls = await world.fake.waitFor("views.publish", published + 2);
    const bobHome = calls.find((c) => c.body.user_id === p.bob.user);
    const mariaHome = calls.find((c) => c.body.user_id === p.maria.user);
    const bobText = blocksText(bobHome?.body.view);
    expect(bobText).toContain("Waiting for your review");
    expect(bobText).toContain("T-3 · M-1 · Summarise depositions");
    expect(bobText).toContain("Overdue");
    const mariaText = blocksText(mariaHome?.body.view);
    expect(mariaText).toContain("Your open tasks");
    expect(mariaText).toContain("T-3");
    expect(mariaText).not.toContain("Waiting for your review");
  });

  it("a button in a private reply (/delegate show) is resolved through response_url, in place", async () => {
    await world.commandReply(
      p.bob,
      'assign <@UMARIAT200|maria> "Index exhibits" matter:M-1 due:"2026-12-04 17:00"',
    );
    await world.commandReply(p.maria, 'submit T-4 "done"');
    const shown = await world.commandReply(p.bob, "show T-4");
    expect(shown.response_type).toBe("ephemeral");
    const approve = buttonsOf(shown.blocks).find((b) => b.label === "Approve");
    if (!approve) throw new Error("no Approve button in the show reply");
    const updates = world.fake.calls("chat.update").length;
    const answers = world.fake.responses().length;
    await world.click(p.bob, approve, { channel: "C2147483705", ts: "1700000000.000100", ephemeral: true });
    const [replaced] = (await world.fake.waitForResponses(answers + 1)).slice(answers);
    expect(replaced?.body.replace_original).toBe(true);
    expect(buttonsOf(replaced?.body.blocks)).toEqual([]);
    expect(blocksText(replaced?.body.blocks)).toMatch(/Approved T-4 \(round 1\) by Bob Stone/);
    expect(world.fake.calls("chat.update")).toHaveLength(updates);
    expect(await taskRow(world, 4)).toMatchObject({ status: "approved" });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowCounts } from "../support/core-harness.js";
import { teamsFirm } from "../support/teams-firm.js";
import { startTeamsServer, type TeamsTestServer } from "../support/teams-server.js";
import { buttonData, cardOf, cardText, executeActions } from "../support/teams-traffic.js";

/*
 * The whole supervision loop from Microsoft Teams, over real HTTP to our server, with a fake Bot
 * Connector recording what the bot posts: by typed commands, and by Adaptive Card actions.
 */
describe("Teams: assign → start → submit → approve", () => {
  let t: TeamsTestServer;
  beforeAll(async () => {
    t = await startTeamsServer();
  });
  afterAll(() => t.stop());

  it("by typed commands, with a channel @mention; task text stays out of the channel", async () => {
    const f = await teamsFirm(t.endpoint, t.connector);
    const { client, bob, maria } = f;
    const inChannelBefore = t.connector.posted(client.channelConversation).length;
    const status = await client.say(
      bob,
      `assign <at>${maria.name}</at> "Review deposition exhibits" matter:M-1 due:"2026-12-04 17:00" est:3h`,
      { channel: true, mentions: [maria] },
    );
    expect(status).toBe(200);
    // The answer names the task, so it goes to bob's personal chat; the channel only hears that it was sent.
    expect(f.lastReply(bob)).toContain("Assigned T-1");
    const inChannel = t.connector.posted(client.channelConversation).slice(inChannelBefore);
    expect(inChannel).toHaveLength(1);
    expect(JSON.stringify(inChannel)).not.toContain("deposition");

    expect(await t.deliver()).toBeGreaterThanOrEqual(1);
    const assigned = f.lastCard(maria);
    expect(cardText(assigned)).toContain("T-1 · Review deposition exhibits");
    expect(executeActions(assigned).map((a) => a.title)).toEqual([
      "Acknowledge",
      "Start",
      "Submit for review",
      "Send question",
    ]);

    expect(await f.command(maria, "start T-1")).toContain("Started T-1");
    expect(await f.command(maria, 'submit T-1 "https://dms.example/d/1" spent:2h')).toContain(
      "Submitted T-1",
    );
    await t.deliver();
    const review = f.lastCard(bob);
    expect(cardText(review)).toContain("submitted T-1 for your review");
    expect(executeActions(review).map((a) => a.title)).toEqual(["Approve", "Send back", "Send question"]);
    // Only bob's client refreshes this card, as bob sees it.
    expect(review.refresh?.userIds).toEqual([bob.id]);

    expect(await f.command(bob, 'approve T-1 "Good work"')).toMatch(/Approved T-1 \(round 1\) by Bob/);
    expect(await f.command(bob, "show T-1")).toContain("Status: Approved");
    const audit = await f.command(bob, "audit T-1");
    for (const step of [
      /Bob\S* assigned T-1 on M-1 to Maria\S*, due /,
      /Maria\S* started work on T-1\./,
      /Maria\S* submitted T-1 for review \(round 1/,
      /Bob\S* approved T-1 \(round 1\)\./,
    ]) {
      expect(audit).toMatch(step);
    }
  });

  it("by card actions: each answer is the updated card; stale, second and wrong-person clicks change nothing", async () => {
    const f = await teamsFirm(t.endpoint, t.connector);
    const { client, bob, maria } = f;
    await f.assignMaria("Cite-check the brief");
    await t.deliver();
    const assigned = f.lastCard(maria);

    const start = buttonData(assigned, "Start");
    const started = await client.invoke(maria, start.verb, start.data);
    expect(started.status).toBe(200);
    expect(started.body.type).toBe("application/vnd.microsoft.card.adaptive");
    const startedCard = started.body.value ?? {};
    expect(cardText(startedCard)).toContain("Started T-1");
    expect(executeActions(startedCard).map((a) => a.title)).toEqual(["Submit for review", "Send question"]);

    // The old card's Start is stale now: refused, and the card shows the task as it is.
    const again = await client.invoke(maria, start.verb, start.data);
    expect(cardText(again.body.value ?? {})).toMatch(/out of date|in progress/i);

    const submit = buttonData(startedCard, "Submit for review", { notes: "Done, see DMS", spent: "1.5h" });
    const submitted = await client.invoke(maria, submit.verb, submit.data);
    expect(cardText(submitted.body.value ?? {})).toContain("Submitted T-1");

    await t.deliver();
    const review = f.lastCard(bob);
    const approve = buttonData(review, "Approve");

    // A professional's view of the same task has no decision buttons…
    const refreshData = review.refresh?.action?.data;
    const asMaria = await client.invoke(maria, "refresh", refreshData, { trigger: "automatic" });
    const mariaCard = asMaria.body.value ?? {};
    expect(cardText(mariaCard)).toContain("T-1 · Cite-check the brief");
    expect(executeActions(mariaCard).map((a) => a.title)).not.toContain("Approve");
    expect(JSON.stringify(mariaCard)).not.toContain('"approve"');
    // …and her click on bob's Approve is refused, changing nothing (the card she gets back is a
    // read of the task by a professional, which the audit trail records, as it must).
    const counts = await rowCounts(t.server.database);
    const forged = await client.invoke(maria, approve.verb, approve.data);
    expect(cardText(forged.body.value ?? {})).toContain(`Only ${bob.name}`);
    const after = await rowCounts(t.server.database);
    expect({ ...after, audit_events: 0 }).toEqual({ ...counts, audit_events: 0 });
    expect(after.audit_events).toBe((counts.audit_events ?? 0) + 1);

    const approved = await client.invoke(bob, approve.verb, approve.data);
    const resolved = approved.body.value ?? {};
    expect(cardText(resolved)).toMatch(/Approved T-1 \(round 1\) by Bob/);
    expect(cardText(resolved)).toMatch(/Approved: by Bob\S* at /);
    expect(executeActions(resolved)).toEqual([]);
    expect(resolved.refresh?.userIds).toEqual([bob.id]);

    const afterApproval = await rowCounts(t.server.database);
    const second = await client.invoke(bob, approve.verb, approve.data);
    expect(cardText(second.body.value ?? {})).toMatch(/already approved by Bob/);
    expect(await rowCounts(t.server.database)).toEqual(afterApproval);
  });

  it("Request changes asks what to fix on the card; empty is refused there, then it goes back", async () => {
    const f = await teamsFirm(t.endpoint, t.connector);
    const { client, bob, maria } = f;
    await f.assignMaria("Draft the index");
    await f.command(maria, "submit T-1");
    await t.deliver();
    const review = f.lastCard(bob);
    const counts = await rowCounts(t.server.database);
    const empty = buttonData(review, "Send back", { what: "", reason: "citation" });
    const refused = await client.invoke(bob, empty.verb, empty.data);
    expect(cardText(refused.body.value ?? {})).toContain("Say what to fix.");
    expect(await rowCounts(t.server.database)).toEqual(counts);

    const fix = buttonData(review, "Send back", { what: "Pin cites are missing", reason: "citation" });
    const sent = await client.invoke(bob, fix.verb, fix.data);
    expect(cardText(sent.body.value ?? {})).toContain("Sent T-1 back");
    await t.deliver();
    expect(f.lastReply(maria)).toContain("Pin cites are missing");
  });

  it("assign with no arguments answers with a form; bad fields come back on it and nothing is written", async () => {
    const f = await teamsFirm(t.endpoint, t.connector);
    const { client, bob, maria } = f;
    await client.say(bob, "assign");
    const form = f.lastCard(bob);
    expect(cardText(form)).toContain("Assign a task");
    const inputs = JSON.stringify(form.body);
    for (const id of ["user", "matter", "title", "notes", "dueDate", "dueTime", "est", "type"]) {
      expect(inputs).toContain(`"id":"${id}"`);
    }

    const counts = await rowCounts(t.server.database);
    const bad = buttonData(form, "Assign", {
      user: maria.name,
      matter: "M-1",
      title: "",
      dueDate: "2026-11-01",
      est: "lots",
    });
    const refused = await client.invoke(bob, bad.verb, bad.data);
    const again = refused.body.value ?? {};
    expect(cardText(again)).toContain("Give the task a title.");
    expect(cardText(again)).toMatch(/est: wants a duration/);
    expect(JSON.stringify(again.body)).toContain('"value":"lots"');
    expect(await rowCounts(t.server.database)).toEqual(counts);

    const past = buttonData(form, "Assign", {
      user: maria.name,
      matter: "M-1",
      title: "Summarize",
      dueDate: "2026-11-01",
    });
    const inPast = await client.invoke(bob, past.verb, past.data);
    expect(cardText(inPast.body.value ?? {})).toContain("That time is in the past.");
    expect(await rowCounts(t.server.database)).toEqual(counts);

    const good = buttonData(form, "Assign", {
      user: maria.name,
      matter: "M-1",
      title: "Summarize the deposition",
      notes: "Focus on damages",
      dueDate: "2026-12-04",
      dueTime: "12:00",
      est: "2h",
      type: "document_review",
    });
    const done = await client.invoke(bob, good.verb, good.data);
    expect(cardText(done.body.value ?? {})).toContain("Assigned T-1");
    await t.deliver();
    expect(f.lastReply(maria)).toContain("Summarize the deposition");
    expect(f.lastReply(maria)).toContain("Focus on damages");
  });

  it("older clients: Action.Submit arrives as a message with value and is answered with a new card", async () => {
    const f = await teamsFirm(t.endpoint, t.connector);
    const { client, maria } = f;
    await f.assignMaria("File the motion");
    await t.deliver();
    const start = buttonData(f.lastCard(maria), "Start");
    expect(await client.say(maria, "", { value: start.data })).toBe(200);
    expect(cardText(cardOf(t.connector.posted(client.personalConversation(maria)).at(-1)))).toContain(
      "Started T-1",
    );
  });

  it("a command that only reads writes nothing: the speaker's identity row is left as it was", async () => {
    const f = await teamsFirm(t.endpoint, t.connector);
    const { client, bob } = f;
    await f.command(bob, "list");
    // xmin changes whenever a row is rewritten, even to identical values.
    const identity = async () =>
      t.server.database.query<{ version: string; ref: { activityId?: string; serviceUrl?: string } }>(
        "select xmin::text as version, conversation_ref as ref from chat_identities where platform = 'teams' and user_id = $1",
        [bob.aadObjectId],
      );
    const before = await identity();
    expect(before).toHaveLength(1);
    // The reference is the conversation's, not one activity's: each activity has a new id.
    expect(before[0]?.ref.serviceUrl).toBe(t.connector.url);
    expect(before[0]?.ref.activityId).toBeUndefined();
    expect(await f.command(bob, "list")).toBeTruthy();
    expect(await f.command(bob, "help")).toBeTruthy();
    const refresh = await client.invoke(bob, "refresh", { delegate: "refresh", task: 1 });
    expect(refresh.status).toBe(200);
    expect(await identity()).toEqual(before);
  });
});

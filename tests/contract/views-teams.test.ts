import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ASSIGN_FORM, CHANGES_FORM, type FormField } from "../../src/views/form-fields.js";
import { fixture, type Json } from "../support/replay.js";
import { type TeamsFirm, teamsFirm } from "../support/teams-firm.js";
import { startTeamsServer, type TeamsTestServer } from "../support/teams-server.js";
import { BOT, buttonData, type Card, cardText, executeActions } from "../support/teams-traffic.js";

import { coreCalls, lastAuditId, PAGE, readsSince } from "./views-support.js";

/*
 * The views contract (teams; views-*.test.ts have the other platforms), through the real entry point:
 * a click is one call of the core and comes back resolved (the task as it is now, to redraw);
 * forms are drawn from the core's own description and its field errors come back on the field;
 * paging is an action (a button in Slack and Teams, a line to type in the console).
 */

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
    const { client, maria } = f;
    await f.assignMaria("Draft the index");
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
    const { client, maria } = f;
    await f.assignMaria("File the motion");
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
    const { client, maria } = f;
    for (let i = 1; i <= PAGE + 1; i++) {
      await f.assignMaria(`Bulk ${i}`, "2026-12-09 17:00");
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
    await f.assignMaria("Redline");
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

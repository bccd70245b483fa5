import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConsoleSession } from "../../adapters/console/console-session.js";
import { createSettableClock } from "../../adapters/console/settable-clock.js";
import { rowCounts } from "../support/core-harness.js";
import { teamsFirm } from "../support/teams-firm.js";
import { startTeamsServer, type TeamsTestServer } from "../support/teams-server.js";
import {
  buttonData,
  cardOf,
  cardText,
  executeActions,
  teamsClient,
  teamsUser,
} from "../support/teams-traffic.js";

/*
 * Tenancy, proactive delivery through the outbox (including a conversation the bot was removed
 * from, and rate limiting), and one firm supervised across platforms: a professional working in
 * the console, the attorney approving in Teams, one core and one audit trail.
 */
describe("Teams: tenancy, proactive delivery and one firm across platforms", () => {
  let t: TeamsTestServer;
  beforeAll(async () => {
    t = await startTeamsServer();
  });
  afterAll(() => t.stop());

  it("a tenant bound to no firm is told how to start or link one, and nothing changes", async () => {
    const client = teamsClient(t.endpoint, t.connector, "unbound-tenant-0000");
    const stranger = teamsUser("Stranger");
    const before = await rowCounts(t.server.database);
    expect(await client.say(stranger, "list")).toBe(200);
    const reply = cardText(cardOf(t.connector.posted(client.personalConversation(stranger)).at(-1)));
    expect(reply).toContain("not connected to a firm yet");
    expect(reply).toContain("link CODE");
    expect(await rowCounts(t.server.database)).toEqual(before);
  });

  it("an unknown person in a bound tenant gets help on how to be added", async () => {
    const f = await teamsFirm(t.endpoint, t.connector);
    const newcomer = teamsUser(`Newcomer${process.pid}`);
    expect(await f.command(newcomer, "list")).toMatch(/not on Smith & Lee LLP's Delegate team yet/);
  });

  it("a 403 (bot removed) parks the notification at once; a 429 is retried later, then delivers", async () => {
    const f = await teamsFirm(t.endpoint, t.connector);
    const { maria } = f;
    await t.deliver();
    await f.assignMaria("Calendar the hearing");
    t.connector.failNext(403);
    expect(await t.deliver()).toBe(0);
    expect(await f.command(f.alice, "outbox")).toContain("1 undeliverable");
    expect(f.lastReply(f.alice)).toMatch(
      /task assigned message to Maria\S* · 1 attempt · Teams refused the message \(403\)/,
    );

    await f.assignMaria("Index the exhibits");
    // botbuilder's HTTP client itself retries a 429 three times after Retry-After before giving up.
    t.connector.failNext(429, 4, { "retry-after": "1" });
    expect(await t.deliver()).toBe(0);
    expect(await f.command(f.alice, "outbox")).toContain("1 waiting");
    t.clock.set(new Date(t.clock.now().getTime() + 10_000));
    expect(await t.deliver()).toBe(1);
    expect(f.lastReply(maria)).toContain("T-2 · Index the exhibits");
  });

  it("an attorney in Teams approves work a professional submitted from the console", async () => {
    const f = await teamsFirm(t.endpoint, t.connector);
    const { alice, bob } = f;
    const code = /say: link ([A-Z0-9]{8})/.exec(await f.command(alice, "link"));
    expect(code?.[1]).toBeDefined();

    // The console delivers its own users' notifications, by the server's (test) clock.
    const consoleClock = createSettableClock();
    consoleClock.set(t.clock.now());
    const console = createConsoleSession({
      core: t.server.core,
      db: t.server.deps.db,
      clock: consoleClock,
      defaultUser: "alice",
      firmZone: async () => "America/New_York",
    });
    expect((await console.handleLine(`link ${code?.[1]}`)).join("\n")).toMatch(
      /now works for Smith & Lee LLP/,
    );
    expect(
      (
        await console.handleLine("team add @priya role:professional nda:2026-01-15 nda-expires:2027-01-15")
      ).join("\n"),
    ).toContain("Added");

    await f.command(bob, 'assign @priya "Prepare the privilege log" matter:M-1 due:"2026-12-04 17:00"');
    await console.handleLine("as priya");
    expect((await console.handleLine("start T-1")).join("\n")).toContain("Started T-1");
    expect((await console.handleLine('submit T-1 "log in the DMS" spent:1h')).join("\n")).toContain(
      "Submitted T-1",
    );

    await t.deliver();
    const review = f.lastCard(bob);
    expect(cardText(review)).toMatch(/priya submitted T-1 for your review/i);
    const approve = buttonData(review, "Approve");
    const approved = await f.client.invoke(bob, approve.verb, approve.data);
    expect(cardText(approved.body.value ?? {})).toMatch(/Approved T-1 \(round 1\) by Bob/);
    expect(executeActions(approved.body.value ?? {})).toEqual([]);

    const notified = await console.flushNotifications();
    expect(notified.join("\n")).toMatch(/→ @priya: T-1 approved/);
    const audit = await f.command(bob, "audit T-1");
    expect(audit).toMatch(/priya submitted T-1 for review \(round 1, 1h worked\)\./);
    expect(audit).toMatch(/Bob\S* approved T-1 \(round 1\)\./);
  });
});

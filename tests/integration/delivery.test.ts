import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readiness } from "../../src/app.js";
import { runDigest } from "../../src/jobs/run-digest.js";
import { deliverPending } from "../../src/notify/deliver.js";
import { createHarness, type Harness, seedFirm } from "../support/core-harness.js";
import { type FakeChatApi, startFakeChatApi } from "../support/fake-chat-api.js";
import { createHttpChatSender } from "../support/http-chat-sender.js";

/*
 * The outbox dispatcher against a chat API that fails and recovers (a loopback fake, reached by
 * a real HTTP client), on a controlled clock: nothing is lost, order per recipient holds,
 * Retry-After is honoured, and what cannot be delivered is parked where admins see it.
 */
describe("delivery through a failing chat API", () => {
  let h: Harness;
  let api: FakeChatApi;

  const ok = async (user: string, text: string) => {
    const v = await h.say(user, text);
    expect(v.tone, v.lines.join(" ")).not.toBe("error");
  };

  const statuses = () =>
    h.database.query<{ id: number; status: string; to: string; attempts: number }>(
      `select o.id::int as id, o.status::text as status, coalesce(p.display_name, '#channel') as "to", o.attempts
         from outbox o left join people p on p.id = o.person_id order by o.id`,
    );

  beforeEach(async () => {
    h = await createHarness({ now: "2026-12-01T14:00:00Z" });
    await seedFirm(h);
    api = await startFakeChatApi();
  });
  afterEach(async () => {
    await api.close();
  });

  it("delivers every notification, in order per recipient, through 500s, 429s and timeouts", async () => {
    for (const n of [1, 2, 3]) await ok("bob", `assign @maria "Task ${n}" matter:M-1 due:"2026-12-20 17:00"`);
    await ok("maria", "submit T-1");
    await ok("maria", "submit T-2");
    await ok("bob", "approve T-1");
    await ok("carol", 'assign @maria "Task 4" matter:M-2 due:"2026-12-21 17:00"');
    const queued = await statuses();
    expect(queued.map((q) => q.to)).toEqual(["maria", "maria", "maria", "bob", "bob", "maria", "maria"]);

    api.script("500", { status: 429, retryAfterS: 120 }, "timeout", "500", "ok", "500");
    const sender = createHttpChatSender(api.url, { timeoutMs: 300 });
    /** When (controlled clock) each request reached the API. */
    const requestedAt: number[] = [];
    for (let round = 0; round < 200 && (await statuses()).some((s) => s.status === "pending"); round++) {
      const before = api.requests.length;
      await deliverPending(h.database.db, [sender], { now: h.clock.now() });
      for (let i = before; i < api.requests.length; i++) requestedAt.push(h.clock.now().getTime());
      h.clock.set(new Date(h.clock.now().getTime() + 15_000));
    }

    const final = await statuses();
    expect(final.map((s) => s.status)).toEqual(Array(queued.length).fill("sent"));
    // Every notification arrived; the only repeats are of messages whose answer timed out.
    const ids = api.received.map((r) => r.notification);
    expect(new Set(ids)).toEqual(new Set(queued.map((q) => q.id)));
    const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
    const timedOut = api.received.filter((r) => r.answeredWith === "timeout").map((r) => r.notification);
    expect(timedOut).toHaveLength(1);
    expect(repeated).toEqual(timedOut);
    // Per recipient, first arrivals follow the order the notifications were made in.
    for (const to of ["@maria", "@bob"]) {
      const firsts = [...new Set(api.received.filter((r) => r.to === to).map((r) => r.notification))];
      expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
      expect(firsts).toHaveLength(queued.filter((q) => `@${q.to}` === to).length);
    }
    // The 429 said 120 s: that message was not tried again sooner.
    const limited = api.requests.findIndex((r) => r.answeredWith === "429");
    const retried = api.requests.findIndex(
      (r, i) => i > limited && r.notification === api.requests[limited]?.notification,
    );
    expect(limited).toBeGreaterThanOrEqual(0);
    expect((requestedAt[retried] ?? 0) - (requestedAt[limited] ?? 0)).toBeGreaterThanOrEqual(120_000);
    // Messages carry the task to people allowed to see it.
    expect(api.received[0]?.text).toContain("T-1 · Task 1");
  });

  it("parks what the platform refuses for good, lets later messages through, and shows the count", async () => {
    await ok("bob", 'assign @maria "Task 1" matter:M-1 due:"2026-12-20 17:00"');
    await ok("bob", 'assign @maria "Task 2" matter:M-1 due:"2026-12-20 17:00"');
    api.script("gone");
    const sender = createHttpChatSender(api.url);
    await deliverPending(h.database.db, [sender], { now: h.clock.now() });
    // The refused message is parked; the next one to the same person waits for the next batch.
    expect((await statuses()).map((s) => s.status)).toEqual(["parked", "pending"]);
    await deliverPending(h.database.db, [sender], { now: h.clock.now() });
    expect((await statuses()).map((s) => s.status)).toEqual(["parked", "sent"]);

    expect((await readiness(h.database)).details).toMatchObject({ parkedNotifications: 1 });
    const report = await h.say("alice", "outbox");
    expect(report.lines).toEqual(["0 waiting · 1 delivered · 1 undeliverable"]);
    expect(report.items?.[0]?.text).toMatch(/^#\d+ task\.assigned to maria · 1 attempts · refused: 404$/);
  });

  it("parks a notification after its last attempt", async () => {
    await ok("bob", 'assign @maria "Task 1" matter:M-1 due:"2026-12-20 17:00"');
    api.script("500", "500", "500");
    const sender = createHttpChatSender(api.url);
    for (let i = 0; i < 5; i++) {
      await deliverPending(h.database.db, [sender], { now: h.clock.now(), maxAttempts: 3 });
      h.clock.set(new Date(h.clock.now().getTime() + 3_600_000));
    }
    expect(await statuses()).toMatchObject([{ status: "parked", attempts: 3 }]);
  });

  it("spaces posts to one channel", async () => {
    await ok("alice", "digest here");
    // Two digests for one channel: last week's (late) and, an hour later, a new one.
    h.clock.set("2026-12-07T12:00:00Z");
    await runDigest({ db: h.database.db }, h.clock.now());
    h.clock.set("2026-12-07T13:00:00Z");
    await runDigest({ db: h.database.db }, h.clock.now());
    await h.database.query("update outbox set next_attempt_at = $1 where kind = 'digest.weekly'", [
      h.clock.now().toISOString(),
    ]);
    const sender = createHttpChatSender(api.url, { channelSpacingMs: 1_000 });
    const deliver = () => deliverPending(h.database.db, [sender], { now: h.clock.now() });
    expect(await deliver()).toBe(1);
    expect(await deliver()).toBe(0);
    h.clock.set("2026-12-07T13:00:00.500Z");
    expect(await deliver()).toBe(0);
    h.clock.set("2026-12-07T13:00:01.200Z");
    expect(await deliver()).toBe(1);
    expect(api.received.map((r) => r.text.split("\n")[0])).toEqual([
      "Weekly digest, 2026-W48 · Smith & Lee LLP (late)",
      "Weekly digest, 2026-W49 · Smith & Lee LLP",
    ]);
  });
});

import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fallbackText } from "../../adapters/slack/render-blocks.js";
import { createSlackAdapter } from "../../adapters/slack/slack-adapter.js";
import { readiness } from "../../src/core-runtime.js";
import { runDigest } from "../../src/jobs/run-digest.js";
import { deliverPending } from "../../src/notify/deliver.js";
import { startOutboxLoop } from "../../src/notify/outbox-loop.js";
import type { Sender } from "../../src/notify/sender.js";
import type { Directory } from "../../src/services/deps.js";
import { createInboundEvents } from "../../src/services/inbound-events.js";
import type { View } from "../../src/views/view.js";
import { createHarness, type Harness } from "../support/core-harness.js";
import { type FakeSlackApi, type RecordedCall, startFakeSlackApi } from "../support/fake-slack-api.js";

/*
 * The outbox dispatcher through the real Slack sender (made by the Slack adapter, as the server
 * makes it) against a Slack Web API that fails and recovers (a loopback fake), on a controlled
 * clock: nothing is lost, order per recipient holds, Retry-After is honoured, a send with no
 * answer in time is retried, and what cannot be delivered is parked where admins see it.
 */
const SLACK_IDS = { alice: "UALICE", bob: "UBOB", carol: "UCAROL", maria: "UMARIA" } as const;
type Name = keyof typeof SLACK_IDS;
const BOT_TOKEN = "xoxb-delivery-test";
const DIGEST_CHANNEL = "C0DIGEST";
/**
 * deliverPending's send timeout here: short, so the test is quick, yet ample for a loopback
 * answer on a busy machine (a send timed out that was not scripted to would be a false duplicate).
 */
const SEND_TIMEOUT_MS = 1_000;

/** Slack's member lookup, as the adapter's directory answers it: a name mentioned is that member. */
const slackDirectory: Directory = {
  lookup: async (ref) => {
    const found = Object.entries(SLACK_IDS).find(
      ([name, id]) => name === ref.name?.toLowerCase() || id === ref.id,
    );
    return found ? { userId: found[1], displayName: found[0] } : undefined;
  },
};

describe("delivery through a failing Slack Web API", () => {
  let h: Harness;
  let api: FakeSlackApi;
  let sender: Sender;

  /** Says a command as that Slack member (in the digest channel) and expects it to succeed. */
  const ok = async (who: Name, text: string) => {
    const v = await h.say(who, text, { userId: SLACK_IDS[who], channelId: DIGEST_CHANNEL });
    expect(v.tone, v.lines.join(" ")).not.toBe("error");
  };

  const statuses = () =>
    h.database.query<{ id: number; status: string; to: string; attempts: number; payload: View }>(
      `select o.id::int as id, o.status::text as status, coalesce(p.display_name, '#channel') as "to",
              o.attempts, o.payload
         from outbox o left join people p on p.id = o.person_id order by o.id`,
    );

  /** Messages Slack took (and shows), duplicates included, in arrival order. */
  const posted = (): RecordedCall[] => api.calls("chat.postMessage").filter((c) => c.response);

  beforeEach(async () => {
    h = await createHarness({ now: "2026-12-01T14:00:00Z", platform: "slack", directory: slackDirectory });
    api = await startFakeSlackApi();
    sender = createSlackAdapter({
      core: h.core,
      logger: pino({ level: "silent" }),
      options: { signingSecret: "delivery-test-secret", botToken: BOT_TOKEN, apiUrl: api.apiUrl },
      inboundEvents: createInboundEvents({ db: h.database.db, clock: h.clock }),
    }).sender;
    const steps: [Name, string][] = [
      ["alice", 'setup firm:"Smith & Lee LLP" tz:America/New_York rate:300'],
      ["alice", "team add @bob role:attorney rate:400"],
      ["alice", "team add @carol role:attorney"],
      [
        "alice",
        'team add @maria role:professional tz:Asia/Manila hours:09:00-18:00 days:mon-fri delivery:offshore provider:"Acme LPO" nda:2026-01-15 nda-expires:2027-01-15 cost:25',
      ],
      ["alice", 'matter add M-1 "Smith v. Jones" client:"Smith" area:litigation'],
      ["alice", 'matter add M-2 "Estate of Brown" area:probate'],
    ];
    for (const [who, text] of steps) await ok(who, text);
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
    // Slack's copy of a message is known by its text: one notification each.
    const idOfText = new Map(queued.map((q) => [fallbackText(q.payload), q.id]));
    expect(idOfText.size).toBe(queued.length);

    for (const failure of [
      { status: 500 as const },
      { status: 429 as const, retryAfter: 120 },
      { answerAfterMs: 60_000 },
      { status: 500 as const },
      // Answered at once: a success between failures.
      { answerAfterMs: 0 },
      { status: 500 as const },
    ]) {
      api.failNext("chat.postMessage", failure);
    }
    /** When (controlled clock) each chat.postMessage reached Slack. */
    const requestedAt: number[] = [];
    for (let round = 0; round < 200 && (await statuses()).some((s) => s.status === "pending"); round++) {
      const before = api.calls("chat.postMessage").length;
      await deliverPending(h.database.db, [sender], { now: h.clock.now(), sendTimeoutMs: SEND_TIMEOUT_MS });
      for (let i = before; i < api.calls("chat.postMessage").length; i++)
        requestedAt.push(h.clock.now().getTime());
      h.clock.set(new Date(h.clock.now().getTime() + 15_000));
    }

    const final = await statuses();
    expect(final.map((s) => s.status)).toEqual(Array(queued.length).fill("sent"));
    // Every notification arrived; the only repeat is of the message whose answer timed out.
    const ids = posted().map((c) => idOfText.get(String(c.body.text)));
    expect(new Set(ids)).toEqual(new Set(queued.map((q) => q.id)));
    const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
    const timedOut = posted()
      .filter((c) => (c.answeredAfterMs ?? 0) > SEND_TIMEOUT_MS)
      .map((c) => idOfText.get(String(c.body.text)));
    expect(timedOut).toHaveLength(1);
    expect(repeated).toEqual(timedOut);
    // Per recipient (a DM by Slack user id), first arrivals follow the order the notifications were made in.
    for (const who of ["maria", "bob"] as const) {
      const firsts = [
        ...new Set(
          posted()
            .filter((c) => c.body.channel === SLACK_IDS[who])
            .map((c) => idOfText.get(String(c.body.text))),
        ),
      ];
      expect(firsts).toEqual(queued.filter((q) => q.to === who).map((q) => q.id));
    }
    // The 429 said 120 s: that message was not tried again sooner.
    const calls = api.calls("chat.postMessage");
    const limited = 1; // the script's second answer
    const retried = calls.findIndex((c, i) => i > limited && c.body.text === calls[limited]?.body.text);
    expect(retried).toBeGreaterThan(limited);
    expect((requestedAt[retried] ?? 0) - (requestedAt[limited] ?? 0)).toBeGreaterThanOrEqual(120_000);
    // Messages go with the workspace's bot token and carry the task.
    expect(calls.every((c) => c.token === BOT_TOKEN)).toBe(true);
    expect(posted()[0]?.body.text).toContain("T-1 · Task 1");
  });

  it("parks what Slack refuses for good, lets later messages through, and shows the count", async () => {
    await ok("bob", 'assign @maria "Task 1" matter:M-1 due:"2026-12-20 17:00"');
    await ok("bob", 'assign @maria "Task 2" matter:M-1 due:"2026-12-20 17:00"');
    api.failNext("chat.postMessage", { error: "account_inactive" });
    await deliverPending(h.database.db, [sender], { now: h.clock.now() });
    // The refused message is parked; the next one to the same person waits for the next batch.
    expect((await statuses()).map((s) => s.status)).toEqual(["parked", "pending"]);
    await deliverPending(h.database.db, [sender], { now: h.clock.now() });
    expect((await statuses()).map((s) => s.status)).toEqual(["parked", "sent"]);
    expect(posted().map((c) => [c.body.channel, String(c.body.text).includes("Task 2")])).toEqual([
      [SLACK_IDS.maria, true],
    ]);

    expect((await readiness(h.database)).details).toMatchObject({ parkedNotifications: 1 });
    const report = await h.say("alice", "outbox", { userId: SLACK_IDS.alice });
    expect(report.lines).toEqual(["0 waiting · 1 delivered · 1 undeliverable"]);
    expect(report.items?.[0]?.text).toMatch(
      /^#\d+ task assigned message to maria · 1 attempt · Slack refused: account_inactive$/,
    );
  });

  it("parks a notification after its last attempt", async () => {
    await ok("bob", 'assign @maria "Task 1" matter:M-1 due:"2026-12-20 17:00"');
    for (let i = 0; i < 3; i++) api.failNext("chat.postMessage", { status: 500 });
    for (let i = 0; i < 5; i++) {
      await deliverPending(h.database.db, [sender], { now: h.clock.now(), maxAttempts: 3 });
      h.clock.set(new Date(h.clock.now().getTime() + 3_600_000));
    }
    expect(await statuses()).toMatchObject([{ status: "parked", attempts: 3 }]);
    expect(api.calls("chat.postMessage")).toHaveLength(3);
    const [row] = await h.database.query<{ last_error: string }>("select last_error from outbox");
    expect(row?.last_error).toBe("Slack HTTP 500");
  });

  it("reaches each person of a batch on the Slack account where they were last seen", async () => {
    await ok("bob", 'assign @maria "Task 1" matter:M-1 due:"2026-12-20 17:00"');
    await ok("maria", "submit T-1");
    // A second account each: Maria was last seen on hers, Bob on his first one.
    await h.database.query(
      `insert into chat_identities (person_id, platform, workspace_external_id, user_id, last_seen_at)
       select id, 'slack', 'TOTHER', case display_name when 'maria' then 'UMARIA2' else 'UBOB2' end,
              case display_name when 'maria' then '2026-12-01T13:00:00Z'::timestamptz
                                else '2026-11-01T13:00:00Z'::timestamptz end
         from people where display_name in ('maria', 'bob')`,
    );
    await h.database.query(
      `update chat_identities set last_seen_at = '2026-11-15T13:00:00Z' where user_id in ('UMARIA', 'UBOB')`,
    );
    expect(await deliverPending(h.database.db, [sender], { now: h.clock.now() })).toBe(2);
    expect(posted().map((c) => String(c.body.channel))).toEqual(["UMARIA2", "UBOB"]);
  });

  it("drains a queue longer than one batch in a single tick, in order", async () => {
    for (const n of [1, 2, 3, 4, 5])
      await ok("bob", `assign @maria "Task ${n}" matter:M-1 due:"2026-12-20 17:00"`);
    const loop = startOutboxLoop({
      db: h.database.db,
      senders: [sender],
      clock: h.clock,
      logger: pino({ level: "silent" }),
      intervalMs: 3_600_000,
      delivery: { limit: 2 },
    });
    try {
      expect(await loop.tick()).toBe(5);
    } finally {
      await loop.stop();
    }
    expect((await statuses()).map((s) => s.status)).toEqual(Array(5).fill("sent"));
    expect(posted().map((c) => String(c.body.text).match(/Task \d/)?.[0])).toEqual(
      [1, 2, 3, 4, 5].map((n) => `Task ${n}`),
    );
  });

  it("spaces posts to one Slack channel", async () => {
    await ok("alice", "digest here");
    // A firm that already existed in 2026-W48 (a new firm gets no digest for a week before it existed).
    await h.database.query("update firms set created_at = '2026-11-20T00:00:00Z'");
    // Two digests for one channel: last week's (late) and, an hour later, a new one.
    h.clock.set("2026-12-07T12:00:00Z");
    await runDigest({ db: h.database.db }, h.clock.now());
    h.clock.set("2026-12-07T13:00:00Z");
    await runDigest({ db: h.database.db }, h.clock.now());
    await h.database.query("update outbox set next_attempt_at = $1 where kind = 'digest.weekly'", [
      h.clock.now().toISOString(),
    ]);
    const deliver = () => deliverPending(h.database.db, [sender], { now: h.clock.now() });
    expect(await deliver()).toBe(1);
    expect(await deliver()).toBe(0);
    // Slack takes about one message a second a channel: the next post waits 1.1 s.
    h.clock.set("2026-12-07T13:00:00.500Z");
    expect(await deliver()).toBe(0);
    h.clock.set("2026-12-07T13:00:01.050Z");
    expect(await deliver()).toBe(0);
    h.clock.set("2026-12-07T13:00:10Z");
    expect(await deliver()).toBe(1);
    // Each digest is one message with its chart: the PNG is uploaded, then shared with the blocks.
    const shared = api.calls("files.completeUploadExternal").filter((c) => c.response);
    expect(
      shared.map((c) => {
        const [first] = c.body.blocks as { text?: { text: string } }[];
        return [c.body.channel_id, first?.text?.text];
      }),
    ).toEqual([
      [DIGEST_CHANNEL, ":warning: *Weekly digest, 2026-W48 · Smith &amp; Lee LLP (late)*"],
      [DIGEST_CHANNEL, "*Weekly digest, 2026-W49 · Smith &amp; Lee LLP*"],
    ]);
    const asked = api.calls("files.getUploadURLExternal");
    expect(asked.map((c) => String(c.body.alt_txt).slice(0, 42))).toEqual([
      "Chart of the 12 weeks 2026-W37 to 2026-W48",
      "Chart of the 12 weeks 2026-W38 to 2026-W49",
    ]);
    const uploads = api.uploads();
    expect(uploads.map((u) => u.fileId)).toEqual(
      shared.map((c) => (c.body.files as { id: string }[])[0]?.id),
    );
    for (const [i, u] of uploads.entries()) {
      expect(u.bytes.subarray(1, 4).toString("ascii")).toBe("PNG");
      expect(u.bytes.length).toBe(Number(asked[i]?.body.length));
    }
    expect(posted()).toEqual([]);
  });
});

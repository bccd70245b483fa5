import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  blocksText,
  type SlackWorld,
  seedSlackFirm,
  type slackPeople,
  startSlackWorld,
} from "../support/slack-world.js";

/*
 * The outbox leaves through Slack: one chat.postMessage per notification (the WebClient's own
 * retries are off), a 429 rescheduled after its Retry-After, a permanent refusal parked at once.
 */
type OutboxRow = { status: string; attempts: number; last_error: string | null; next_attempt_at: Date };

const outboxRows = (world: SlackWorld) =>
  world.server.database.query<OutboxRow>(
    "select status, attempts, last_error, next_attempt_at from outbox order by id",
  );

describe("Slack delivery of notifications", () => {
  let world: SlackWorld;
  let p: ReturnType<typeof slackPeople>;

  beforeAll(async () => {
    world = await startSlackWorld();
    p = await seedSlackFirm(world, "T300");
  });
  afterAll(() => world.close());

  it("a 429 is not retried blindly: the row waits out Retry-After, then goes once", async () => {
    await world.commandReply(
      p.bob,
      'assign <@UMARIAT300|maria> "Draft the letter" matter:M-1 due:"2026-12-04 17:00"',
    );
    world.fake.failNext("chat.postMessage", { status: 429, retryAfter: 30 });
    expect(await world.deliver()).toBe(0);
    expect(world.fake.calls("chat.postMessage")).toHaveLength(1);
    const [waiting] = await outboxRows(world);
    expect(waiting).toMatchObject({
      status: "pending",
      attempts: 1,
      last_error: "Slack rate limit, retry after 30s",
    });
    expect(new Date(waiting?.next_attempt_at ?? 0).getTime()).toBeGreaterThanOrEqual(
      world.clock.now().getTime() + 30_000,
    );

    // Not before Retry-After…
    world.clock.set(new Date(world.clock.now().getTime() + 10_000));
    expect(await world.deliver()).toBe(0);
    expect(world.fake.calls("chat.postMessage")).toHaveLength(1);
    // …then once, with the workspace's bot token, to the assignee.
    world.clock.set(new Date(world.clock.now().getTime() + 25_000));
    expect(await world.deliver()).toBe(1);
    const posts = world.fake.calls("chat.postMessage");
    expect(posts).toHaveLength(2);
    expect(posts[1]).toMatchObject({ token: "xoxb-single-workspace", body: { channel: p.maria.user } });
    expect(blocksText(posts[1]?.body.blocks)).toContain("Draft the letter");
    expect((await outboxRows(world))[0]).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("a refusal retrying cannot fix (account_inactive) parks the notification at once", async () => {
    await world.commandReply(
      p.bob,
      'assign <@UMARIAT300|maria> "File the motion" matter:M-1 due:"2026-12-04 17:00"',
    );
    world.fake.failNext("chat.postMessage", { error: "account_inactive" });
    expect(await world.deliver()).toBe(0);
    const rows = await outboxRows(world);
    expect(rows[1]).toMatchObject({
      status: "parked",
      attempts: 1,
      last_error: "Slack refused: account_inactive",
    });
    const report = await world.commandReply(p.alice, "outbox");
    expect(report.text).toContain("1 undeliverable");
    expect(report.text).toContain("account_inactive");
    expect(report.text).not.toContain("File the motion");
  });
});

import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditEvents, coverPeriods, reviews } from "../../db/schema.js";
import { runAlerts } from "../../src/jobs/run-alerts.js";
import type { View } from "../../src/views/view.js";
import { createHarness, type Harness, rowCounts, seedFirm, textOf } from "../support/core-harness.js";

/*
 * `away @bob until:… cover:@carol`: while bob is in trial, carol decides his tasks and gets his
 * review notices; every such decision records whom she covered for.
 */
describe("covering attorneys", () => {
  let h: Harness;
  const ok = async (user: string, text: string) => {
    const v = await h.say(user, text);
    expect(v.tone, `${text}: ${v.lines.join(" ")}`).not.toBe("error");
    return v;
  };
  const notices = async (kind: string) =>
    h.database.query<{ to: string; payload: View }>(
      "select p.display_name as to, o.payload from outbox o join people p on p.id = o.person_id where o.kind = $1 order by o.id",
      [kind],
    );

  beforeEach(async () => {
    h = await createHarness({ now: "2026-12-01T14:00:00Z" });
    await seedFirm(h);
    await ok("bob", 'assign @maria "Privilege log" matter:M-1 due:"2026-12-10 17:00"');
    await ok("bob", 'assign @maria "Exhibit index" matter:M-1 due:"2026-12-11 17:00"');
    await ok("maria", 'submit T-1 "https://dms.example/log"');
  });

  it("lets the cover decide, records whom she covered for, and routes review notices to her", async () => {
    // Before: carol is refused, and told how cover works.
    const refused = await h.say("carol", "approve T-1");
    expect(refused.lines[0]).toBe(
      "Only bob, who supervises T-1, or an admin can approve it. While bob is away, an attorney can cover for them: bob or an admin says away @bob until:YYYY-MM-DD cover:@name",
    );

    const away = await ok("bob", "away @bob until:2026-12-04 cover:@carol");
    expect(away.lines[0]).toBe(
      "carol covers for bob until the end of Fri 4 Dec 2026 (bob's time; back Sat 5 Dec 2026, 12:00 AM EST).",
    );
    expect(away.lines[1]).toBe("1 of bob's tasks waits for review; carol has the list.");
    const [started] = await notices("cover.started");
    expect(started?.to).toBe("carol");
    expect(started?.payload.items?.map((i) => i.task)).toEqual([1]);

    // carol's review list holds bob's submission; her view of it has the decision buttons.
    expect((await ok("carol", "list review")).items?.map((i) => i.task)).toEqual([1]);
    expect((await ok("carol", "show T-1")).actions?.map((a) => a.action)).toEqual([
      "approve",
      "changes",
      "ask",
    ]);

    await ok("carol", 'changes T-1 "Add the Bates ranges" reason:incomplete review:20m');
    const [sentBack] = await notices("task.changes_requested");
    expect(sentBack?.payload.lines[0]).toBe(
      "carol (covering for bob) requested changes on T-1 (incomplete): Add the Bates ranges",
    );
    // A submission while bob is away goes to carol.
    await ok("maria", "start T-1");
    const submitted = await ok("maria", 'submit T-1 "https://dms.example/log2"');
    expect(submitted.lines[0]).toContain(
      "bob is away (back Sat 5 Dec 2026, 1:00 PM Manila time); carol covers for them",
    );
    const toReviewer = (await notices("task.submitted")).map((n) => n.to);
    expect(toReviewer).toEqual(["bob", "carol"]);
    await ok("carol", 'approve T-1 "Fine" review:15m');
    await ok("carol", 'due T-2 "2026-12-14 17:00"');
    await ok("alice", "team add @sam role:professional tz:Asia/Manila nda:2026-01-01");
    await ok("carol", "reassign T-2 @sam");

    const decided = await h.database.db.select().from(reviews);
    const ids = await h.database.query<{ id: string; name: string }>(
      "select id, display_name as name from people",
    );
    const bobId = ids.find((p) => p.name === "bob")?.id;
    expect(decided.map((r) => [r.decision, r.reviewMinutes, r.coveredFor])).toEqual([
      ["changes_requested", 20, bobId],
      ["approved", 15, bobId],
    ]);
    const covered = await h.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.actorId, decided[0]?.reviewerId ?? ""));
    expect(covered.filter((e) => e.detail.coveredFor === bobId).map((e) => e.action)).toEqual([
      "task.changes_requested",
      "task.approved",
      "task.due_changed",
      "task.reassigned",
    ]);
    // The audit trail names him.
    const trail = textOf(await ok("alice", "audit T-1"));
    expect(trail).toMatch(
      /carol \(covering for bob\) asked for changes to T-1 \(round 1, .*review took 20m\)\./,
    );
    expect(trail).toMatch(/carol \(covering for bob\) approved T-1 \(round 2, review took 15m\)\./);
    expect(trail).not.toContain("=");
    // The history says it too. (Not to maria any more: with T-2 reassigned she holds no open work on
    // M-1, so her access to the matter, and to T-1 on it, has ended.)
    expect(textOf(await ok("alice", "show T-1"))).toContain(
      "carol (covering for bob) approved round 2 (review 15m): Fine",
    );
  });

  it("ends with away off or at the end of the last day; only the person or an admin says it", async () => {
    const before = await rowCounts(h.database);
    expect((await h.say("carol", "away @bob until:2026-12-04 cover:@carol")).lines[0]).toBe(
      "Only bob or an admin can say that bob is away.",
    );
    expect((await h.say("bob", "away @bob until:2026-12-04 cover:@maria")).lines[0]).toBe(
      "maria cannot cover: a cover decides on work, so it must be an active attorney or admin.",
    );
    expect((await h.say("bob", "away @bob until:2026-12-04 cover:@bob")).lines[0]).toContain(
      "cannot cover for themselves",
    );
    expect((await h.say("bob", "away @bob until:2026-11-30 cover:@carol")).lines[0]).toContain("has passed");
    expect((await h.say("alice", "away @maria until:2026-12-04 cover:@carol")).lines[0]).toContain(
      "supervises no work",
    );
    expect((await h.say("bob", "away @bob off")).lines[0]).toBe("bob is not recorded as away.");
    expect(await rowCounts(h.database)).toEqual(before);

    await ok("alice", "away @bob until:2026-12-04 cover:@carol");
    expect((await notices("cover.started")).map((n) => n.to)).toEqual(["carol", "bob"]);
    await ok("bob", "away @bob off");
    expect((await h.say("carol", "approve T-1")).tone).toBe("error");
    expect((await notices("cover.ended")).map((n) => n.to)).toEqual(["carol"]);

    await ok("bob", "away @bob until:2026-12-02 cover:@carol");
    expect(await h.database.db.select().from(coverPeriods)).toHaveLength(2);
    // Thu 3 Dec 00:00 in New York: bob is back by himself.
    h.clock.set("2026-12-03T05:00:00Z");
    expect((await h.say("carol", "approve T-1")).tone).toBe("error");
    h.clock.set("2026-12-03T04:59:00Z");
    expect((await h.say("carol", "approve T-1")).tone).toBe("success");
  });

  it("sends the supervisor's alerts to the cover while he is away", async () => {
    await ok("bob", "away @bob until:2026-12-20 cover:@carol");
    // T-1 was submitted Tue 09:00 EST: a working day later the review reminder is due.
    h.clock.set("2026-12-02T14:05:00Z");
    await runAlerts({ db: h.database.db }, h.clock.now());
    const reminders = await notices("alert.review_waiting");
    expect(reminders.map((r) => r.to)).toEqual(["carol"]);
    expect(reminders[0]?.payload.lines[1]).toBe("bob is away; you cover for them.");
    expect(reminders[0]?.payload.actions?.map((a) => a.action)).toEqual(["approve", "changes", "ask"]);
    // maria's question goes to carol too.
    const asked = await ok("maria", 'ask T-2 "Which exhibits?"');
    expect(asked.lines.slice(0, 2)).toEqual([
      "Sent your question on T-2 to carol.",
      "bob is away; carol covers for them.",
    ]);
  });
});

import { beforeEach, describe, expect, it } from "vitest";
import { runAlerts } from "../../src/jobs/run-alerts.js";
import { createHarness, type Harness, seedFirm, textOf } from "../support/core-harness.js";

/**
 * On time is measured against the committed due time (the one in force when the task first went
 * overdue), and submitted work past its due time is waiting on the attorney, not late work.
 */
describe("committed due time and work waiting on review", () => {
  let h: Harness;
  const ok = async (user: string, text: string) => {
    const v = await h.say(user, text);
    expect(v.tone, `${text}: ${v.lines.join(" ")}`).not.toBe("error");
    return v;
  };

  beforeEach(async () => {
    h = await createHarness({ now: "2026-11-30T14:00:00Z" });
    await seedFirm(h);
    // Due Wed 2 Dec and Thu 3 Dec, 17:00 New York.
    await ok("bob", 'assign @maria "Late one" matter:M-1 due:"2026-12-02 17:00" est:3h');
    await ok("bob", 'assign @maria "Waiting one" matter:M-1 due:"2026-12-03 17:00" est:2h');
    h.clock.set("2026-12-02T15:00:00Z");
    await ok("maria", "submit T-2 spent:1h");
  });

  it("keeps a missed due time when the due time is moved afterwards: still late", async () => {
    h.clock.set("2026-12-05T15:00:00Z");
    const moved = await ok("bob", 'due T-1 "2026-12-10 17:00"');
    expect(moved.lines).toContain(
      "Its due time (Wed 2 Dec 2026, 5:00 PM EST) had already passed: on-time figures still measure it against that time.",
    );
    expect(textOf(await h.say("bob", "show T-1"))).toContain(
      "Due time first missed: Wed 2 Dec 2026, 5:00 PM EST",
    );
    // Moved again: the first missed due time stays the committed one.
    await ok("bob", 'due T-1 "2026-12-11 17:00"');
    const [task] = await h.database.query<{ committed: Date }>(
      "select committed_due_at as committed from tasks where number = 1",
    );
    expect(new Date(task?.committed ?? 0).toISOString()).toBe("2026-12-02T22:00:00.000Z");
    h.clock.set("2026-12-07T15:00:00Z");
    await ok("maria", "submit T-1 spent:2h");
    await ok("bob", "approve T-1");
    const quality = await h.say("bob", "quality since:2026-11-30");
    expect(quality.lines[2]).toMatch(/^On time against the committed due time: 0 of 1 \(0%\)/);
  });

  it("moving the due time of work submitted in time keeps it on time", async () => {
    h.clock.set("2026-12-04T15:00:00Z");
    await ok("bob", 'due T-2 "2026-12-10 17:00"');
    await ok("bob", "approve T-2");
    const quality = await h.say("bob", "quality since:2026-11-30");
    expect(quality.lines[2]).toMatch(/^On time against the committed due time: 1 of 1 \(100%\)/);
  });

  it("lists submitted work past its due time as waiting on review, and alerts no professional about it", async () => {
    h.clock.set("2026-12-04T15:00:00Z");
    const overdue = await h.say("bob", "list overdue");
    expect(overdue.items?.map((i) => i.text.replace(/ · due .*/, ""))).toEqual([
      "T-1 · M-1 · Late one · Assigned · OVERDUE",
      "T-2 · M-1 · Waiting one · Submitted for review · PAST DUE, WAITING ON REVIEW",
    ]);
    expect(textOf(await h.say("bob", "show T-2"))).toContain(
      "Status: Submitted for review · PAST DUE, WAITING ON REVIEW",
    );
    await runAlerts({ db: h.database.db }, h.clock.now());
    const alerts = await h.database.query<{ kind: string; task: number; to: string }>(
      `select o.kind, t.number as task, p.display_name as "to" from outbox o
         join people p on p.id = o.person_id
         join tasks t on o.dedupe_key like 'alert:' || t.id::text || ':%'
        where o.kind like 'alert.%' order by t.number, o.kind, p.display_name`,
    );
    // T-1 is the professional's lateness; T-2 is waiting on bob, who is reminded to review it.
    expect(alerts).toContainEqual({ kind: "alert.overdue", task: 1, to: "maria" });
    expect(alerts.filter((a) => a.task === 2)).toEqual([
      { kind: "alert.review_waiting", task: 2, to: "bob" },
    ]);
    const [reminder] = await h.database.query<{ payload: { lines: string[] } }>(
      "select payload from outbox where kind = 'alert.review_waiting'",
    );
    expect(reminder?.payload.lines[0]).toContain(
      "It is now past its due time (Thu 3 Dec 2026, 5:00 PM EST), waiting on your review.",
    );
  });
});

import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditEvents, tasks, timeEntries } from "../../db/schema.js";
import { createHarness, type Harness, rowCounts, seedFirm, textOf } from "../support/core-harness.js";

/*
 * `show` gives the whole history of a task to whoever may see it, and `log` records time per
 * person at any point before approval, including a former assignee's hours.
 */
describe("task history and time logs", () => {
  let h: Harness;
  const ok = async (user: string, text: string) => {
    const v = await h.say(user, text);
    expect(v.tone, `${text}: ${v.lines.join(" ")}`).not.toBe("error");
    return v;
  };
  const at = async (iso: string, user: string, text: string) => {
    h.clock.set(iso);
    return ok(user, text);
  };

  beforeEach(async () => {
    h = await createHarness({ now: "2026-12-01T14:00:00Z" });
    await seedFirm(h);
    await ok(
      "alice",
      "team add @rhea role:professional tz:America/Mexico_City nda:2026-01-01 nda-expires:2027-06-30 cost:20",
    );
    await ok("alice", "team add @sam role:professional tz:Asia/Manila nda:2026-01-01");
  });

  it("shows rounds, reviews, questions, time and due changes in order, to the professional too", async () => {
    await ok(
      "bob",
      'assign @maria "Chronology of events" matter:M-1 due:"fri 5pm" notes:"From the 2019 emails"',
    );
    await at("2026-12-02T01:10:00Z", "maria", "ack T-1");
    await at("2026-12-02T01:20:00Z", "maria", 'ask T-1 "Which custodians are in scope?"');
    await at("2026-12-02T14:00:00Z", "bob", 'ask T-1 "Custodians A and B only"');
    await at("2026-12-03T02:00:00Z", "maria", 'log T-1 1.5h "first pass on the emails"');
    await at("2026-12-03T06:00:00Z", "maria", 'submit T-1 "https://dms.example/chrono/1" spent:2h');
    await at(
      "2026-12-03T15:00:00Z",
      "bob",
      'changes T-1 "fix the privilege calls" reason:privilege review:30m',
    );
    await at("2026-12-03T15:05:00Z", "bob", 'due T-1 "mon 9am"');
    await at("2026-12-04T02:00:00Z", "maria", "start T-1");
    await at("2026-12-04T05:00:00Z", "maria", 'submit T-1 "https://dms.example/chrono/2" spent:1h');
    await at("2026-12-04T15:00:00Z", "bob", 'approve T-1 "Good work" review:45m');

    const shown = await ok("maria", "show T-1");
    const history = (shown.items ?? []).map((i) => i.text);
    const expected = [
      "Tue 1 Dec 2026, 10:00 PM Manila time · bob assigned it to maria, due Sat 5 Dec 2026, 6:00 AM Manila time",
      "Wed 2 Dec 2026, 9:10 AM Manila time · maria acknowledged it",
      "Wed 2 Dec 2026, 9:20 AM Manila time · maria asked bob: Which custodians are in scope?",
      "Wed 2 Dec 2026, 10:00 PM Manila time · bob asked maria: Custodians A and B only",
      "Thu 3 Dec 2026, 10:00 AM Manila time · maria logged 1.5h: first pass on the emails",
      "Thu 3 Dec 2026, 2:00 PM Manila time · maria started work",
      "Thu 3 Dec 2026, 2:00 PM Manila time · maria submitted round 1 (2h worked): https://dms.example/chrono/1",
      "Thu 3 Dec 2026, 11:00 PM Manila time · bob requested changes on round 1 (privilege; review 30m): fix the privilege calls",
      "Thu 3 Dec 2026, 11:05 PM Manila time · bob moved the due time from Sat 5 Dec 2026, 6:00 AM Manila time to Mon 7 Dec 2026, 10:00 PM Manila time",
      "Fri 4 Dec 2026, 10:00 AM Manila time · maria resumed work",
      "Fri 4 Dec 2026, 1:00 PM Manila time · maria submitted round 2 (1h worked): https://dms.example/chrono/2",
      "Fri 4 Dec 2026, 11:00 PM Manila time · bob approved round 2 (review 45m): Good work",
    ];
    expect(history).toEqual(expected);
    expect(textOf(shown)).toContain("Time spent: 4.5h");

    // The professional's read is audited, as every read of hers is.
    const [task] = await h.database.db.select().from(tasks).where(eq(tasks.number, 1));
    const reads = await h.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.taskId, task?.id ?? ""), eq(auditEvents.action, "task.viewed")));
    expect(reads.map((r) => r.detail)).toEqual([{ via: "show" }]);

    // The attorney sees the same history in his own zone.
    const forBob = await ok("bob", "show T-1");
    expect(forBob.items?.[0]?.text).toBe(
      "Tue 1 Dec 2026, 9:00 AM EST · bob assigned it to maria, due Fri 4 Dec 2026, 5:00 PM EST",
    );
    // Another professional learns nothing.
    const bySam = await h.say("sam", "show T-1");
    expect(bySam.tone).toBe("error");
    expect(textOf(bySam)).not.toContain("Chronology");
  });

  it("keeps time with who logged it: a former assignee logs her hours; strangers change nothing", async () => {
    await ok("bob", 'assign @rhea "Build the chronology" matter:M-1 due:"2026-12-10 17:00"');
    await at("2026-12-01T15:00:00Z", "rhea", 'log T-1 3h "emails 2019-2020"');
    await at("2026-12-01T16:00:00Z", "bob", "reassign T-1 @maria");
    // rhea is no longer on it, but her earlier work is hers to record.
    const late = await at("2026-12-01T17:00:00Z", "rhea", "log T-1 1h");
    expect(textOf(late)).toBe(
      "Logged 1h on T-1 for your work before it was reassigned. Your time on it: 4h.",
    );
    expect(textOf(late)).not.toContain("chronology");
    const mine = await at("2026-12-02T02:00:00Z", "maria", 'log T-1 2h "2021 emails"');
    expect(textOf(mine)).toBe("Logged 2h on T-1. Your time on it: 2h; the task's: 6h.");

    const entries = await h.database.query<{ name: string; minutes: number }>(
      "select p.display_name as name, e.minutes from time_entries e join people p on p.id = e.person_id order by e.id",
    );
    expect(entries).toEqual([
      { name: "rhea", minutes: 180 },
      { name: "rhea", minutes: 60 },
      { name: "maria", minutes: 120 },
    ]);
    const [task] = await h.database.db.select().from(tasks);
    expect(task?.spentMinutes).toBe(360);

    const history = ((await ok("bob", "show T-1")).items ?? []).map((i) => i.text.split(" · ")[1]);
    expect(history).toEqual([
      "bob assigned it to rhea, due Thu 10 Dec 2026, 5:00 PM EST",
      "rhea logged 3h: emails 2019-2020",
      "bob reassigned it from rhea to maria",
      "rhea logged 1h",
      "maria logged 2h: 2021 emails",
    ]);

    // Never assigned: the same answer as a task that does not exist, and nothing written.
    const before = await rowCounts(h.database);
    const bySam = await h.say("sam", "log T-1 5h");
    expect(bySam.lines[0]).toBe("T-1 not found. Try: list all");
    const byCarol = await h.say("carol", "log T-1 1h");
    expect(byCarol.tone).toBe("error");
    expect(byCarol.lines[0]).toContain("Only whoever does T-1 logs time on it");
    expect(await rowCounts(h.database)).toEqual(before);

    // Before approval only.
    await ok("maria", "submit T-1");
    await ok("bob", "approve T-1");
    const after = await rowCounts(h.database);
    const tooLate = await h.say("maria", "log T-1 1h");
    expect(tooLate.lines[0]).toBe("T-1 is approved: time can be logged until a task is approved.");
    expect(await h.say("rhea", "log T-1 1h")).toMatchObject({ tone: "error" });
    expect(await rowCounts(h.database)).toEqual(after);
    const sum = await h.database.db.select().from(timeEntries);
    expect(sum.reduce((n, e) => n + e.minutes, 0)).toBe(360);
  });
});

import { describe, expect, it } from "vitest";
import { tasks } from "../../db/schema.js";
import { createHarness, rowCounts, seedFirm } from "../support/core-harness.js";

describe("due times across zones and DST", () => {
  it('reads "mon 9am" said on the Friday before the US spring-forward as 09:00 EDT', async () => {
    // Fri 6 Mar 2026, 17:00 in New York; clocks go forward on Sun 8 Mar.
    const h = await createHarness({ now: "2026-03-06T22:00:00Z" });
    await seedFirm(h);
    const view = await h.say("bob", 'assign @maria "Brief" matter:M-1 due:"mon 9am"');
    const [task] = await h.database.db.select().from(tasks);
    expect(task?.dueAt.toISOString()).toBe("2026-03-09T13:00:00.000Z");
    // The reply shows the assignee's local time too: 21:00 in Manila.
    expect(view.lines[0]).toBe(
      "Assigned T-1 to maria on M-1, due Mon 9 Mar 2026, 9:00 AM EDT (Mon 9 Mar 2026, 9:00 PM Manila time for maria).",
    );
  });

  it("reads due times in the speaker's zone: a Manila admin and a New York attorney mean different instants", async () => {
    const h = await createHarness({ now: "2026-12-01T14:00:00Z" });
    await seedFirm(h);
    await h.say("alice", "team set @carol tz:Asia/Manila");
    await h.say("bob", 'assign @maria "From New York" matter:M-1 due:"tomorrow 9am"');
    await h.say("carol", 'assign @maria "From Manila" matter:M-1 due:"tomorrow 9am"');
    const due = (await h.database.db.select().from(tasks))
      .map((t) => [t.title, t.dueAt.toISOString()])
      .sort();
    expect(due).toEqual([
      // 14:00Z on 1 Dec is 22:00 on 1 Dec in Manila: tomorrow is 2 Dec there too.
      ["From Manila", "2026-12-02T01:00:00.000Z"],
      ["From New York", "2026-12-02T14:00:00.000Z"],
    ]);
  });

  it("moves a due time with `due`, warning when it lands outside the assignee's hours", async () => {
    const h = await createHarness({ now: "2026-12-01T14:00:00Z" });
    await seedFirm(h);
    await h.say("bob", 'assign @maria "Brief" matter:M-1 due:"fri 5pm"');
    // Thu 3 Dec 21:00 in New York is Fri 4 Dec 10:00 in Manila: inside her hours.
    const inside = await h.say("bob", 'due T-1 "thu 9pm"');
    expect(inside.tone).toBe("success");
    expect(inside.lines).toHaveLength(1);
    const outside = await h.say("bob", 'due T-1 "thu 9am"');
    expect(outside.lines).toEqual([
      "T-1 is now due Thu 3 Dec 2026, 9:00 AM EST (Thu 3 Dec 2026, 10:00 PM Manila time for maria).",
      "Note: that is outside maria's working hours (09:00-18:00 Monday to Friday, Manila time).",
    ]);
    const past = await h.say("bob", 'due T-1 "2026-11-01 09:00"');
    expect(past.tone).toBe("error");
  });

  it('refuses "last tuesday" when assigning and when moving a due time, changing nothing', async () => {
    // Tue 1 Dec 2026, 09:00 in New York.
    const h = await createHarness({ now: "2026-12-01T14:00:00Z" });
    await seedFirm(h);
    const before = await rowCounts(h.database);
    const assign = await h.say("bob", 'assign @maria "Brief" matter:M-1 due:"last tuesday"');
    expect(assign.tone).toBe("error");
    expect(assign.lines[0]).toBe(
      '"last tuesday" is in the past (it was Tue 24 Nov 2026, 5:00 PM EST). Give a time still to come, like "fri 5pm", "tomorrow 9am" or "eod".',
    );
    expect(await rowCounts(h.database)).toEqual(before);

    await h.say("bob", 'assign @maria "Brief" matter:M-1 due:"fri 5pm"');
    const moved = await h.say("bob", 'due T-1 "last tuesday"');
    expect(moved.tone).toBe("error");
    expect(moved.lines[0]).toMatch(/^"last tuesday" is in the past/);
    const [task] = await h.database.db.select().from(tasks);
    expect(task?.dueAt.toISOString()).toBe("2026-12-04T22:00:00.000Z");
  });

  it('reads "friday at 5" as 5 PM and "eod" as the end of the speaker\'s working day', async () => {
    const h = await createHarness({ now: "2026-12-01T14:00:00Z" });
    await seedFirm(h);
    await h.say("alice", "team set @bob hours:08:00-16:30");
    const five = await h.say("bob", 'assign @maria "Five" matter:M-1 due:"friday at 5"');
    expect(five.lines[0]).toMatch(/, due Fri 4 Dec 2026, 5:00 PM EST /);
    // bob's day ends at 16:30 in New York, whatever maria's hours are.
    const eod = await h.say("bob", 'assign @maria "Eod" matter:M-1 due:eod');
    expect(eod.lines[0]).toMatch(/, due Tue 1 Dec 2026, 4:30 PM EST /);
    const due = (await h.database.db.select().from(tasks))
      .map((t) => [t.title, t.dueAt.toISOString()])
      .sort();
    expect(due).toEqual([
      ["Eod", "2026-12-01T21:30:00.000Z"],
      ["Five", "2026-12-04T22:00:00.000Z"],
    ]);
  });

  it("takes a night shift across midnight and warns by it", async () => {
    const h = await createHarness({ now: "2026-12-01T14:00:00Z" });
    await seedFirm(h);
    expect((await h.say("alice", "team set @maria hours:21:00-06:00")).tone).toBe("success");
    // Thu 3 Dec 09:00 EST is Thu 22:00 in Manila: inside Thursday's shift.
    const inside = await h.say("bob", 'assign @maria "Night" matter:M-1 due:"thu 9am"');
    expect(inside.tone).toBe("success");
    // Fri 4 Dec 21:00 EST is Sat 10:00 in Manila: Friday's shift ended at 06:00.
    const outside = await h.say("bob", 'due T-1 "fri 9pm"');
    expect(outside.lines[1]).toBe(
      "Note: that is outside maria's working hours (21:00-06:00 overnight, starting Monday to Friday, Manila time).",
    );
    const refused = await h.say("alice", "team set @maria hours:06:00-06:00");
    expect(refused.tone).toBe("error");
    expect(refused.lines[0]).toContain("starts and ends at the same time");
  });
});

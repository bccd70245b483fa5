import { DateTime } from "luxon";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { loadDemo, workdaysFrom } from "../../adapters/console/demo.js";
import { createSettableClock } from "../../adapters/console/settable-clock.js";
import { tasks } from "../../db/schema.js";
import { createCore } from "../../src/commands/dispatch.js";
import { createHarness } from "../support/core-harness.js";

describe("the console demo's dates", () => {
  it("counts working days over weekends, both ways", () => {
    const tuesday = DateTime.fromISO("2026-12-01", { zone: "America/New_York" });
    const saturday = DateTime.fromISO("2026-12-05", { zone: "America/New_York" });
    expect(workdaysFrom(tuesday, 4).toISODate()).toBe("2026-12-07");
    expect(workdaysFrom(tuesday, -2).toISODate()).toBe("2026-11-27");
    expect(workdaysFrom(saturday, 1).toISODate()).toBe("2026-12-07");
    expect(workdaysFrom(saturday, -1).toISODate()).toBe("2026-12-04");
  });

  // The Tuesday (due dates fell on Sat 5, Sun 6 and Sun 29 Nov), a Friday and a Sunday.
  it.each(["2026-12-01T15:00:00Z", "2026-12-04T15:00:00Z", "2026-12-06T15:00:00Z"])(
    "puts every due date on a weekday when loaded at %s",
    async (now) => {
      const h = await createHarness();
      const clock = createSettableClock();
      clock.set(new Date(now));
      const core = createCore({ db: h.database.db, clock, logger: pino({ level: "silent" }) });
      const demo = await loadDemo(core, clock);
      expect(demo.lines.filter((l) => l.startsWith("Demo step failed"))).toEqual([]);
      const due = await h.database.db.select({ number: tasks.number, dueAt: tasks.dueAt }).from(tasks);
      expect(due).toHaveLength(7);
      for (const t of due) {
        const local = DateTime.fromJSDate(t.dueAt, { zone: "America/New_York" });
        expect(local.weekday, `T-${t.number} due ${local.toISO()}`).toBeLessThanOrEqual(5);
      }
      // T-7 is overdue, the others are not yet due.
      const late = due.filter((t) => t.dueAt.getTime() < new Date(now).getTime()).map((t) => t.number);
      expect(late).toEqual([7]);
    },
  );
});

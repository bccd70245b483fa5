import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { formatLocal } from "../../src/domain/due-time.js";
import { dueLabel } from "../../src/views/task-view.js";

const priya = (tz: string) => ({ displayName: "Priya", tz });

describe("a due time's label for a reader in another zone", () => {
  it("gives one label when both zones show the same wall time, even with different names", () => {
    // Bogotá and New York share UTC-5 in winter; New York moves to UTC-4 in summer.
    const winter = new Date("2026-12-04T22:00:00Z");
    expect(dueLabel(winter, "America/New_York", priya("America/Bogota"))).toBe(
      formatLocal(winter, "America/New_York"),
    );
    const summer = new Date("2026-07-03T21:00:00Z");
    expect(dueLabel(summer, "America/New_York", priya("America/Bogota"))).toBe(
      `${formatLocal(summer, "America/New_York")} (${formatLocal(summer, "America/Bogota")} for Priya)`,
    );
  });

  it("agrees with luxon's offsets across zones, a year of hours and the DST changes", () => {
    const zones = [
      "America/New_York",
      "America/Bogota",
      "Asia/Kolkata",
      "Asia/Manila",
      "Europe/London",
      "UTC",
    ];
    const start = DateTime.fromISO("2026-01-01T00:30:00Z").toMillis();
    let twoLabels = 0;
    for (let h = 0; h < 24 * 365; h += 7) {
      const at = new Date(start + h * 3_600_000);
      for (const mine of zones)
        for (const theirs of zones) {
          const same =
            DateTime.fromJSDate(at, { zone: mine }).offset ===
            DateTime.fromJSDate(at, { zone: theirs }).offset;
          const label = dueLabel(at, mine, priya(theirs));
          expect(label.endsWith("for Priya)"), `${at.toISOString()} ${mine} / ${theirs}`).toBe(!same);
          if (!same) twoLabels++;
        }
    }
    expect(twoLabels).toBeGreaterThan(0);
  });
});

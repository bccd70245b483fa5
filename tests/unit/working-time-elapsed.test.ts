import { describe, expect, it } from "vitest";
import { addWorkingMinutes, workingMinutesBetween } from "../../src/domain/working-time-elapsed.js";

const WEEK = ["mon", "tue", "wed", "thu", "fri"];
/** Maria in Manila, 09:00-18:00 Monday to Friday. */
const MARIA = { tz: "Asia/Manila", workStart: 540, workEnd: 1080, workDays: WEEK };
/** Rhea in Manila on US hours: 21:00-06:00, shifts starting Monday to Friday. */
const RHEA = { tz: "Asia/Manila", workStart: 1260, workEnd: 360, workDays: WEEK };
/** Nick in New York, 22:00-06:00 on Saturday nights only. */
const NICK = { tz: "America/New_York", workStart: 1320, workEnd: 360, workDays: ["sat"] };

const at = (iso: string) => new Date(iso);
const iso = (d: Date | undefined) => d?.toISOString();

describe("working time between two instants", () => {
  it("counts only the shift, across midnight", () => {
    // Mon 7 Dec 2026 20:00 Manila to Tue 20:00: Monday's shift, 21:00-06:00, 9 hours.
    expect(workingMinutesBetween(RHEA, at("2026-12-07T12:00:00Z"), at("2026-12-08T12:00:00Z"))).toBe(540);
    // Part of a shift: Tue 8 Dec 03:00 to 05:30 Manila.
    expect(workingMinutesBetween(RHEA, at("2026-12-07T19:00:00Z"), at("2026-12-07T21:30:00Z"))).toBe(150);
  });

  it("skips the weekend: Friday night's shift, then Monday night's", () => {
    // Sat 5 Dec 04:00 Manila (2h left of Friday's shift) to Mon 7 Dec 23:00 Manila (2h into Monday's).
    expect(workingMinutesBetween(RHEA, at("2026-12-04T20:00:00Z"), at("2026-12-07T15:00:00Z"))).toBe(240);
  });

  it("counts a 7-hour night across spring-forward and a 9-hour one across fall-back", () => {
    expect(workingMinutesBetween(NICK, at("2026-03-07T00:00:00Z"), at("2026-03-09T00:00:00Z"))).toBe(420);
    expect(workingMinutesBetween(NICK, at("2026-10-31T00:00:00Z"), at("2026-11-02T00:00:00Z"))).toBe(540);
  });

  it("is zero backwards, and wall time for someone with no working days", () => {
    expect(workingMinutesBetween(MARIA, at("2026-12-02T00:00:00Z"), at("2026-12-01T00:00:00Z"))).toBe(0);
    expect(
      workingMinutesBetween(
        { ...MARIA, workDays: [] },
        at("2026-12-05T00:00:00Z"),
        at("2026-12-05T01:30:00Z"),
      ),
    ).toBe(90);
  });
});

describe("the instant a working-time clock runs out", () => {
  it("pauses overnight for a day worker", () => {
    // Tue 1 Dec 16:00 Manila + 4h: 2h to 18:00, then Wed 09:00 + 2h = Wed 11:00 Manila.
    expect(iso(addWorkingMinutes(MARIA, at("2026-12-01T08:00:00Z"), 240))).toBe("2026-12-02T03:00:00.000Z");
    // Exactly the rest of the day ends at 18:00, not the next morning.
    expect(iso(addWorkingMinutes(MARIA, at("2026-12-01T08:00:00Z"), 120))).toBe("2026-12-01T10:00:00.000Z");
  });

  it("pauses over the weekend for a night shift: 4h after Sat 04:00 Manila is Mon 23:00", () => {
    const due = addWorkingMinutes(RHEA, at("2026-12-04T20:00:00Z"), 240);
    expect(iso(due)).toBe("2026-12-07T15:00:00.000Z");
    expect(workingMinutesBetween(RHEA, at("2026-12-04T20:00:00Z"), due ?? at("2026-12-04T20:00:00Z"))).toBe(
      240,
    );
  });

  it("starts counting at the next shift when set off-shift", () => {
    // Wed 2 Dec 10:00 Manila + 1h: Wed 21:00 + 1h = 22:00 Manila.
    expect(iso(addWorkingMinutes(RHEA, at("2026-12-02T02:00:00Z"), 60))).toBe("2026-12-02T14:00:00.000Z");
  });

  it("carries on past a short spring-forward night into the next week", () => {
    // 7h in the night of 7-8 Mar, then 30 minutes into Sat 14 Mar 22:00 EDT (02:00Z Sun).
    expect(iso(addWorkingMinutes(NICK, at("2026-03-08T03:00:00Z"), 450))).toBe("2026-03-15T02:30:00.000Z");
  });

  it("runs on wall time with no working days, and returns the start for nothing to wait", () => {
    expect(iso(addWorkingMinutes({ ...MARIA, workDays: [] }, at("2026-12-05T00:00:00Z"), 90))).toBe(
      "2026-12-05T01:30:00.000Z",
    );
    expect(iso(addWorkingMinutes(MARIA, at("2026-12-05T00:00:00Z"), 0))).toBe("2026-12-05T00:00:00.000Z");
  });
});

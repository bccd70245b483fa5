import { describe, expect, it } from "vitest";
import { lastWorkingMinuteBefore, offShiftNote, offUntil } from "../../src/domain/off-shift.js";
import { addWorkingMinutes, workingMinutesBetween } from "../../src/domain/working-time-elapsed.js";

const WEEK = ["mon", "tue", "wed", "thu", "fri"];
/** mark works 09:00-18:00 in Manila: 19:00-04:00 in Chicago (CST, UTC-6). */
const mark = { tz: "Asia/Manila", workStart: 540, workEnd: 1080, workDays: WEEK };
/** A night shift crossing midnight, starting Monday to Friday. */
const night = { tz: "America/Chicago", workStart: 21 * 60, workEnd: 6 * 60, workDays: WEEK };

describe("off shift", () => {
  it("says when the other side is back, in the reader's zone", () => {
    // Wed 2 Dec 2026, 09:30 CST (15:30Z): 23:30 in Manila.
    const now = new Date("2026-12-02T15:30:00Z");
    expect(offUntil(mark, now)?.toISOString()).toBe("2026-12-03T01:00:00.000Z");
    expect(offShiftNote("mark", mark, now, "America/Chicago")).toBe("mark is off until 7:00 PM CST");
    expect(offUntil(mark, new Date("2026-12-03T02:00:00Z"))).toBeUndefined();
  });

  it("finds the last working minute before a due time", () => {
    // Due Wed 17:00 CST (23:00Z): mark's last shift ended Wed 04:00 CST (10:00Z).
    expect(lastWorkingMinuteBefore(mark, new Date("2026-12-02T23:00:00Z"))?.toISOString()).toBe(
      "2026-12-02T10:00:00.000Z",
    );
    // Due inside a shift: he works right up to it.
    const inShift = new Date("2026-12-03T03:00:00Z");
    expect(lastWorkingMinuteBefore(mark, inShift)?.toISOString()).toBe(inShift.toISOString());
    // Saturday morning in Manila: Friday's shift is the last one.
    expect(lastWorkingMinuteBefore(mark, new Date("2026-12-05T02:00:00Z"))?.toISOString()).toBe(
      "2026-12-04T10:00:00.000Z",
    );
  });

  it("follows a shift across midnight", () => {
    // Tue 1 Dec 2026, 02:00 CST is inside Monday's night shift.
    expect(offUntil(night, new Date("2026-12-01T08:00:00Z"))).toBeUndefined();
    // Saturday 07:00 CST: Friday's shift has ended; the next starts Monday 21:00.
    expect(offUntil(night, new Date("2026-12-05T13:00:00Z"))?.toISOString()).toBe("2026-12-08T03:00:00.000Z");
    expect(lastWorkingMinuteBefore(night, new Date("2026-12-05T13:00:00Z"))?.toISOString()).toBe(
      "2026-12-05T12:00:00.000Z",
    );
  });
});

describe("working time elapsed", () => {
  it("runs the clock only during shifts", () => {
    // Assigned Tue 1 Dec 22:00 Manila (14:00Z), off shift: 4 working hours end Wed 13:00 Manila.
    const from = new Date("2026-12-01T14:00:00Z");
    expect(addWorkingMinutes(mark, from, 240)?.toISOString()).toBe("2026-12-02T05:00:00.000Z");
    expect(addWorkingMinutes(mark, from, 480)?.toISOString()).toBe("2026-12-02T09:00:00.000Z");
    // Friday 16:00 Manila + 4h: two hours on Friday, two on Monday.
    expect(addWorkingMinutes(mark, new Date("2026-12-04T08:00:00Z"), 240)?.toISOString()).toBe(
      "2026-12-07T03:00:00.000Z",
    );
    expect(workingMinutesBetween(mark, from, new Date("2026-12-02T05:00:00Z"))).toBe(240);
  });

  it("counts a night shift across midnight, and wall time for someone with no hours", () => {
    // Mon 30 Nov 2026 22:00 CST + 4h of a 21:00-06:00 shift: Tue 02:00 CST.
    expect(addWorkingMinutes(night, new Date("2026-12-01T04:00:00Z"), 240)?.toISOString()).toBe(
      "2026-12-01T08:00:00.000Z",
    );
    const none = { tz: "UTC", workStart: 540, workEnd: 540, workDays: WEEK };
    expect(addWorkingMinutes(none, new Date("2026-12-01T00:00:00Z"), 60)?.toISOString()).toBe(
      "2026-12-01T01:00:00.000Z",
    );
  });
});

import { describe, expect, it } from "vitest";
import { formatNearLocal } from "../../src/domain/local-time-format.js";
import { lastWorkingMinuteBefore, offShiftNote, offUntil } from "../../src/domain/off-shift.js";

const WEEK = ["mon", "tue", "wed", "thu", "fri"];
/** Mark in Manila, 09:00-18:00 Monday to Friday: 7:00 PM to 4:00 AM in Chicago in winter. */
const MARK = { tz: "Asia/Manila", workStart: 540, workEnd: 1080, workDays: WEEK };
/** Rhea in Manila on US hours: 21:00-06:00, shifts starting Monday to Friday. */
const RHEA = { tz: "Asia/Manila", workStart: 1260, workEnd: 360, workDays: WEEK };
const CHICAGO = "America/Chicago";

const at = (iso: string) => new Date(iso);

describe("off until", () => {
  it("tells raj in Chicago that mark is off until 7:00 PM CST (changes sent at 9:30 AM CST)", () => {
    // Tue 1 Dec 2026 09:30 CST = 23:30 Manila; mark is back Wed 09:00 Manila = Tue 7:00 PM CST.
    const now = at("2026-12-01T15:30:00Z");
    expect(offUntil(MARK, now)?.toISOString()).toBe("2026-12-02T01:00:00.000Z");
    expect(offShiftNote("mark", MARK, now, CHICAGO)).toBe("mark is off until 7:00 PM CST");
    // Read in Manila, the same instant is mark's own morning.
    expect(offShiftNote("mark", MARK, now, "Asia/Manila")).toBe("mark is off until Wed 9:00 AM Manila time");
  });

  it("names the day when the shift is not today in the reader's zone", () => {
    // Fri 4 Dec 09:30 CST: mark is back Mon 7 Dec 09:00 Manila = Sun 6 Dec 7:00 PM CST.
    expect(offShiftNote("mark", MARK, at("2026-12-04T15:30:00Z"), CHICAGO)).toBe(
      "mark is off until Sun 7:00 PM CST",
    );
  });

  it("says nothing while the person works, after midnight in a night shift too", () => {
    expect(offUntil(MARK, at("2026-12-01T03:00:00Z"))).toBeUndefined();
    // Wed 2 Dec 03:00 Manila, inside Tuesday's night shift.
    expect(offShiftNote("rhea", RHEA, at("2026-12-01T19:00:00Z"), CHICAGO)).toBeUndefined();
    // Wed 10:00 Manila is Tue 8:00 PM CST: back at 21:00 Manila, 7:00 AM CST the next day there.
    expect(offShiftNote("rhea", RHEA, at("2026-12-02T02:00:00Z"), CHICAGO)).toBe(
      "rhea is off until Wed 7:00 AM CST",
    );
  });

  it("says nothing for someone with no working days (nobody to wait for)", () => {
    expect(offUntil({ ...MARK, workDays: [] }, at("2026-12-05T03:00:00Z"))).toBeUndefined();
  });
});

describe("last working minute before a due time", () => {
  it("is the end of the last shift before it", () => {
    // Due Fri 4 Dec 5:00 PM CST = Sat 07:00 Manila: mark stops Fri 18:00 Manila (4:00 AM CST).
    expect(lastWorkingMinuteBefore(MARK, at("2026-12-04T23:00:00Z"))?.toISOString()).toBe(
      "2026-12-04T10:00:00.000Z",
    );
    // Due Mon 7 Dec 08:00 Manila: back to Friday's end.
    expect(lastWorkingMinuteBefore(MARK, at("2026-12-07T00:00:00Z"))?.toISOString()).toBe(
      "2026-12-04T10:00:00.000Z",
    );
  });

  it("is the due time itself when it falls inside a shift", () => {
    expect(lastWorkingMinuteBefore(MARK, at("2026-12-01T03:00:00Z"))?.toISOString()).toBe(
      "2026-12-01T03:00:00.000Z",
    );
    // At the very start of a shift, nothing of it is before the due time: the previous shift's end.
    expect(lastWorkingMinuteBefore(MARK, at("2026-12-02T01:00:00Z"))?.toISOString()).toBe(
      "2026-12-01T10:00:00.000Z",
    );
  });

  it("ends a night shift the morning after", () => {
    // Due Sat 5 Dec 20:00 Manila: Friday's shift ended Sat 06:00 Manila.
    expect(lastWorkingMinuteBefore(RHEA, at("2026-12-05T12:00:00Z"))?.toISOString()).toBe(
      "2026-12-04T22:00:00.000Z",
    );
    // Due Tue 8 Dec 02:00 Manila, inside Monday's shift.
    expect(lastWorkingMinuteBefore(RHEA, at("2026-12-07T18:00:00Z"))?.toISOString()).toBe(
      "2026-12-07T18:00:00.000Z",
    );
  });

  it("is undefined with no working days", () => {
    expect(lastWorkingMinuteBefore({ ...MARK, workDays: [] }, at("2026-12-04T23:00:00Z"))).toBeUndefined();
  });
});

describe("a time near now, said briefly", () => {
  const now = at("2026-12-01T15:30:00Z"); // Tue 1 Dec 09:30 CST
  it.each([
    ["2026-12-02T01:00:00Z", CHICAGO, "7:00 PM CST"],
    ["2026-12-02T06:00:00Z", CHICAGO, "Wed 12:00 AM CST"],
    ["2026-12-06T15:00:00Z", CHICAGO, "Sun 9:00 AM CST"],
    ["2026-12-08T15:00:00Z", CHICAGO, "Tue 8 Dec 2026, 9:00 AM CST"],
    ["2026-12-01T14:00:00Z", CHICAGO, "8:00 AM CST"],
    ["2026-12-02T01:00:00Z", "Europe/London", "Wed 1:00 AM GMT"],
  ])("%s in %s → %s", (instant, zone, expected) => {
    expect(formatNearLocal(at(instant), zone, now)).toBe(expected);
  });
});

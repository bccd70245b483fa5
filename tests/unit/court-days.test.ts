import { describe, expect, it } from "vitest";
import {
  courtClosures,
  courtDaysBefore,
  courtDeadlineDueAt,
  isCourtDay,
} from "../../src/domain/court-days.js";
import { usFederalHolidays } from "../../src/domain/us-federal-holidays.js";

const dates = (year: number) => usFederalHolidays(year).map((h) => `${h.date} ${h.name}`);

describe("US federal holidays (5 U.S.C. 6103) with observed days", () => {
  it("lists 2026 as OPM does: Independence Day observed Friday 3 July, Christmas on its Friday", () => {
    expect(dates(2026)).toEqual([
      "2026-01-01 New Year's Day",
      "2026-01-19 Birthday of Martin Luther King, Jr.",
      "2026-02-16 Washington's Birthday",
      "2026-05-25 Memorial Day",
      "2026-06-19 Juneteenth National Independence Day",
      "2026-07-03 Independence Day (observed)",
      "2026-09-07 Labor Day",
      "2026-10-12 Columbus Day",
      "2026-11-11 Veterans Day",
      "2026-11-26 Thanksgiving Day",
      "2026-12-25 Christmas Day",
    ]);
  });

  it("moves Saturday holidays to Friday and Sunday ones to Monday, across the year's end", () => {
    // 2027: Juneteenth is a Saturday, Independence Day a Sunday, Christmas a Saturday, and
    // New Year's Day 2028 a Saturday, observed Friday 31 December 2027.
    expect(dates(2027)).toEqual([
      "2027-01-01 New Year's Day",
      "2027-01-18 Birthday of Martin Luther King, Jr.",
      "2027-02-15 Washington's Birthday",
      "2027-05-31 Memorial Day",
      "2027-06-18 Juneteenth National Independence Day (observed)",
      "2027-07-05 Independence Day (observed)",
      "2027-09-06 Labor Day",
      "2027-10-11 Columbus Day",
      "2027-11-11 Veterans Day",
      "2027-11-25 Thanksgiving Day",
      "2027-12-24 Christmas Day (observed)",
      "2027-12-31 New Year's Day (observed)",
    ]);
    // …so 2028 has no New Year's day off of its own.
    expect(dates(2028)[0]).toBe("2028-01-17 Birthday of Martin Luther King, Jr.");
    // Sunday holidays in 2022: Juneteenth and Christmas on Monday.
    expect(dates(2022)).toContain("2022-06-20 Juneteenth National Independence Day (observed)");
    expect(dates(2022)).toContain("2022-12-26 Christmas Day (observed)");
  });

  it("follows the statute's history: Juneteenth from 2021, MLK Day from 1986, Veterans Day in October 1971-77", () => {
    expect(dates(2020).some((d) => d.includes("Juneteenth"))).toBe(false);
    expect(dates(2021)).toContain("2021-06-18 Juneteenth National Independence Day (observed)");
    expect(dates(1985).some((d) => d.includes("King"))).toBe(false);
    expect(dates(1986)).toContain("1986-01-20 Birthday of Martin Luther King, Jr.");
    expect(dates(1975)).toContain("1975-10-27 Veterans Day");
    expect(dates(1978)).toContain("1978-11-10 Veterans Day (observed)");
  });

  it("leaves Inauguration Day out (a D.C.-area holiday only)", () => {
    expect(dates(2029).some((d) => d.startsWith("2029-01-20"))).toBe(false);
  });

  it("refuses years the rules do not cover", () => {
    expect(() => usFederalHolidays(1970)).toThrow(RangeError);
    expect(() => usFederalHolidays(2026.5)).toThrow(RangeError);
  });
});

describe("court days", () => {
  const federal = courtClosures("us-federal");
  const withChristmasEve = courtClosures("us-federal", ["2026-12-24"]);

  it("is a weekday that is not a holiday", () => {
    expect(isCourtDay("2026-12-23", federal)).toBe(true);
    expect(isCourtDay("2026-12-25", federal)).toBe(false); // Christmas, a Friday
    expect(isCourtDay("2026-12-26", federal)).toBe(false); // Saturday
    expect(isCourtDay("2026-07-03", federal)).toBe(false); // observed Independence Day
    expect(isCourtDay("2026-07-03", courtClosures("none"))).toBe(true);
    expect(isCourtDay("2026-12-24", withChristmasEve)).toBe(false);
    // A plain Set of dates is a calendar too.
    expect(isCourtDay("2026-12-23", new Set(["2026-12-23"]))).toBe(false);
  });

  it("counts back over weekends and holidays, not counting the deadline", () => {
    // Monday 28 Dec 2026: Sun, Sat, Christmas Friday skipped → Thursday 24th, then Wednesday 23rd.
    expect(courtDaysBefore("2026-12-28", 1, federal)).toBe("2026-12-24");
    expect(courtDaysBefore("2026-12-28", 2, federal)).toBe("2026-12-23");
    expect(courtDaysBefore("2026-12-28", 1, withChristmasEve)).toBe("2026-12-23");
    // Issue example: 3 court days before Friday 18 Dec 2026 is Tuesday 15th.
    expect(courtDaysBefore("2026-12-18", 3, federal)).toBe("2026-12-15");
    // Across the year: Monday 3 Jan 2028 → Friday 31 Dec 2027 is New Year's Day observed.
    expect(courtDaysBefore("2028-01-03", 1, federal)).toBe("2027-12-30");
    expect(courtDaysBefore("2027-01-04", 2, federal)).toBe("2026-12-30");
  });

  it("takes a closed deadline's last court day for 0", () => {
    expect(courtDaysBefore("2026-12-18", 0, federal)).toBe("2026-12-18");
    expect(courtDaysBefore("2026-12-26", 0, federal)).toBe("2026-12-24");
  });

  it("refuses a count or a date that is not one", () => {
    expect(() => courtDaysBefore("2026-12-28", -1, federal)).toThrow(RangeError);
    expect(() => courtDaysBefore("2026-12-28", 1.5, federal)).toThrow(RangeError);
    expect(() => courtDaysBefore("2026-02-30", 1, federal)).toThrow(RangeError);
    expect(() => courtDaysBefore("28/12/2026", 1, federal)).toThrow(RangeError);
    expect(() => courtDaysBefore("2026-12-28", 1, { has: () => true })).toThrow(/no court days/);
  });
});

describe("due time from a court deadline", () => {
  const federal = courtClosures("us-federal");

  it("is the end of the firm's working day n court days before, in the firm's zone", () => {
    // Thu 24 Dec 2026 17:00 EST.
    expect(courtDeadlineDueAt("2026-12-28", 1, federal, "America/New_York").toISOString()).toBe(
      "2026-12-24T22:00:00.000Z",
    );
    // Wed 23 Dec 2026 18:00 in Manila (a firm whose day ends at 18:00).
    expect(courtDeadlineDueAt("2026-12-28", 2, federal, "Asia/Manila", 18 * 60).toISOString()).toBe(
      "2026-12-23T10:00:00.000Z",
    );
  });

  it("keeps 17:00 on the wall clock on each side of a clock change", () => {
    // Tuesday 10 Mar 2026 deadline: Monday 9 Mar 17:00 CDT; Monday 9 Mar deadline: Friday 6 Mar 17:00 CST.
    expect(courtDeadlineDueAt("2026-03-10", 1, federal, "America/Chicago").toISOString()).toBe(
      "2026-03-09T22:00:00.000Z",
    );
    expect(courtDeadlineDueAt("2026-03-09", 1, federal, "America/Chicago").toISOString()).toBe(
      "2026-03-06T23:00:00.000Z",
    );
  });
});

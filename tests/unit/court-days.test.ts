import { describe, expect, it } from "vitest";
import {
  courtDaysBefore,
  courtDeadlineDueAt,
  firmHolidays,
  isCourtDay,
} from "../../src/domain/court-days.js";
import { usFederalHolidays } from "../../src/domain/us-federal-holidays.js";

describe("US federal holidays", () => {
  it("gives 2026's eleven days, with Independence Day observed on Friday 3 July", () => {
    expect(usFederalHolidays(2026).map((h) => h.date)).toEqual([
      "2026-01-01",
      "2026-01-19",
      "2026-02-16",
      "2026-05-25",
      "2026-06-19",
      "2026-07-03",
      "2026-09-07",
      "2026-10-12",
      "2026-11-11",
      "2026-11-26",
      "2026-12-25",
    ]);
    expect(usFederalHolidays(2026).find((h) => h.date === "2026-07-03")?.name).toBe(
      "Independence Day (observed)",
    );
  });

  it("moves a Sunday holiday to Monday and puts a Saturday New Year's Day on 31 December", () => {
    // 2027: Christmas and Juneteenth fall on Saturdays, New Year's Day 2028 too.
    const days = usFederalHolidays(2027).map((h) => h.date);
    expect(days).toContain("2027-06-18");
    expect(days).toContain("2027-12-24");
    expect(days).toContain("2027-12-31");
    expect(usFederalHolidays(2028).map((h) => h.date)).not.toContain("2028-01-01");
    // 2023: New Year's Day on a Sunday, observed Monday 2 January.
    expect(usFederalHolidays(2023).map((h) => h.date)).toContain("2023-01-02");
  });

  it("counts Juneteenth from 2021 and MLK Day from 1986 only", () => {
    expect(usFederalHolidays(2020).some((h) => h.name.startsWith("Juneteenth"))).toBe(false);
    expect(usFederalHolidays(1985).some((h) => h.name.startsWith("Martin"))).toBe(false);
    expect(usFederalHolidays(1986)).toHaveLength(10);
  });
});

describe("court days", () => {
  const federal = firmHolidays({ usFederal: true });

  it("skips weekends and holidays counting back from a deadline", () => {
    // Mon 28 Dec 2026: one court day before is Thu 24 Dec (Fri 25 is Christmas).
    expect(courtDaysBefore("2026-12-28", 1, federal)).toBe("2026-12-24");
    expect(courtDaysBefore("2026-12-28", 2, federal)).toBe("2026-12-23");
    expect(courtDaysBefore("2026-12-28", 1, firmHolidays({ usFederal: false }))).toBe("2026-12-25");
    // A firm closure (holiday add) is skipped too.
    const closed = firmHolidays({ usFederal: true, closures: ["2026-12-24"] });
    expect(courtDaysBefore("2026-12-28", 1, closed)).toBe("2026-12-23");
  });

  it("plans a deadline on a closed day from the court day before it", () => {
    expect(courtDaysBefore("2026-12-26", 0, federal)).toBe("2026-12-24");
    expect(courtDaysBefore("2026-12-23", 0, federal)).toBe("2026-12-23");
    expect(isCourtDay("2026-12-25", federal)).toBe(false);
    expect(isCourtDay("2026-12-24", federal)).toBe(true);
  });

  it("is due at the end of the firm's working day, in its zone", () => {
    expect(courtDeadlineDueAt("2026-12-28", 1, federal, "America/New_York").toISOString()).toBe(
      "2026-12-24T22:00:00.000Z",
    );
    expect(courtDeadlineDueAt("2026-07-06", 1, federal, "America/Chicago").toISOString()).toBe(
      "2026-07-02T22:00:00.000Z",
    );
  });

  it("refuses nonsense rather than looping", () => {
    expect(() => courtDaysBefore("2026-13-01", 1, federal)).toThrow(RangeError);
    expect(() => courtDaysBefore("2026-12-28", -1, federal)).toThrow(RangeError);
    expect(() => courtDaysBefore("2026-12-28", 1, { has: () => true })).toThrow(RangeError);
  });
});

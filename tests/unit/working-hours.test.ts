import { describe, expect, it } from "vitest";
import { endOfWorkingDay, isWithinWorkingHours, nextWorkingStart } from "../../src/domain/working-hours.js";

/** Maria in Manila (UTC+8, no DST), 09:00-18:00 Monday to Friday. */
const MARIA = {
  tz: "Asia/Manila",
  workStart: 540,
  workEnd: 1080,
  workDays: ["mon", "tue", "wed", "thu", "fri"],
};
/** Dana in New York, 08:30-17:00 Monday, Wednesday, Friday. */
const DANA = { tz: "America/New_York", workStart: 510, workEnd: 1020, workDays: ["mon", "wed", "fri"] };

const at = (iso: string): Date => new Date(iso);

describe("isWithinWorkingHours", () => {
  it.each([
    // Tue 1 Dec 2026 in Manila
    ["2026-12-01T01:00:00Z", true], // 09:00, start is inclusive
    ["2026-12-01T00:59:59Z", false], // 08:59:59
    ["2026-12-01T09:59:00Z", true], // 17:59
    ["2026-12-01T10:00:00Z", false], // 18:00, end is exclusive
    ["2026-12-05T03:00:00Z", false], // Saturday 11:00
    ["2026-12-04T22:00:00Z", false], // Saturday 06:00 Manila, though Friday in New York
  ])("Maria at %s → %s", (iso, expected) => {
    expect(isWithinWorkingHours(at(iso), MARIA)).toBe(expected);
  });

  it("uses the local offset on each side of a DST change", () => {
    // Mon 9 Mar 2026 08:30 EDT = 12:30Z (it would be 13:30Z in EST).
    expect(isWithinWorkingHours(at("2026-03-09T12:30:00Z"), DANA)).toBe(true);
    expect(isWithinWorkingHours(at("2026-03-09T12:29:00Z"), DANA)).toBe(false);
    // Mon 2 Mar 2026 08:30 EST = 13:30Z.
    expect(isWithinWorkingHours(at("2026-03-02T13:30:00Z"), DANA)).toBe(true);
    expect(isWithinWorkingHours(at("2026-03-02T12:30:00Z"), DANA)).toBe(false);
  });

  it("is false on a day off", () => {
    // Tue 3 Mar 2026 10:00 EST.
    expect(isWithinWorkingHours(at("2026-03-03T15:00:00Z"), DANA)).toBe(false);
  });
});

describe("nextWorkingStart", () => {
  it("returns the instant itself inside working hours", () => {
    const inside = at("2026-12-01T03:00:00Z");
    expect(nextWorkingStart(inside, MARIA).toISOString()).toBe("2026-12-01T03:00:00.000Z");
  });

  it("returns today's start before work begins", () => {
    // Tue 06:00 Manila → Tue 09:00 Manila.
    expect(nextWorkingStart(at("2026-11-30T22:00:00Z"), MARIA).toISOString()).toBe(
      "2026-12-01T01:00:00.000Z",
    );
  });

  it("returns the next day's start after work ends", () => {
    // Tue 20:00 Manila → Wed 09:00 Manila.
    expect(nextWorkingStart(at("2026-12-01T12:00:00Z"), MARIA).toISOString()).toBe(
      "2026-12-02T01:00:00.000Z",
    );
  });

  it("skips the weekend", () => {
    // Fri 4 Dec 2026 17:00 New York = Sat 06:00 Manila → Mon 7 Dec 09:00 Manila.
    expect(nextWorkingStart(at("2026-12-04T22:00:00Z"), MARIA).toISOString()).toBe(
      "2026-12-07T01:00:00.000Z",
    );
  });

  it("skips days off and crosses a DST change with the new offset", () => {
    // Fri 6 Mar 2026 18:00 EST (after work) → Mon 9 Mar 08:30 EDT = 12:30Z.
    expect(nextWorkingStart(at("2026-03-06T23:00:00Z"), DANA).toISOString()).toBe("2026-03-09T12:30:00.000Z");
  });

  it("waits up to a week for the only working day", () => {
    const mondays = { ...MARIA, workDays: ["mon"] };
    // Mon 7 Dec 2026 19:00 Manila → Mon 14 Dec 09:00 Manila.
    expect(nextWorkingStart(at("2026-12-07T11:00:00Z"), mondays).toISOString()).toBe(
      "2026-12-14T01:00:00.000Z",
    );
  });

  it("never holds forever: with no working days it returns the instant", () => {
    const none = { ...MARIA, workDays: [] };
    expect(nextWorkingStart(at("2026-12-07T11:00:00Z"), none).toISOString()).toBe("2026-12-07T11:00:00.000Z");
  });

  it("moves a start inside a spring-forward gap to the end of the gap", () => {
    const early = { tz: "America/New_York", workStart: 150, workEnd: 600, workDays: ["sun"] };
    // Sun 8 Mar 2026: 02:30 does not exist; the period starts at 03:30 EDT = 07:30Z.
    expect(nextWorkingStart(at("2026-03-08T05:00:00Z"), early).toISOString()).toBe(
      "2026-03-08T07:30:00.000Z",
    );
  });
});

/** Rhea in Manila on US hours: 21:00-06:00 Manila, shifts starting Monday to Friday (Friday's ends Saturday 06:00). */
const RHEA = {
  tz: "Asia/Manila",
  workStart: 21 * 60,
  workEnd: 6 * 60,
  workDays: ["mon", "tue", "wed", "thu", "fri"],
};
/** Nick in New York on nights: 22:00-06:00, shifts starting Saturday only, to cross both US clock changes. */
const NICK = { tz: "America/New_York", workStart: 22 * 60, workEnd: 6 * 60, workDays: ["sat"] };

describe("working hours that cross midnight", () => {
  it.each([
    ["2026-12-07T13:00:00Z", true], // Mon 7 Dec 21:00 Manila: Monday's shift starts
    ["2026-12-07T12:59:00Z", false], // Mon 20:59
    ["2026-12-07T21:59:00Z", true], // Tue 05:59, still Monday's shift
    ["2026-12-07T22:00:00Z", false], // Tue 06:00, end is exclusive
    ["2026-12-04T19:00:00Z", true], // Sat 5 Dec 03:00: Friday's shift, across the week's end
    ["2026-12-05T13:00:00Z", false], // Sat 21:00: no shift starts on Saturday
    ["2026-12-06T15:00:00Z", false], // Sun 23:00
    ["2026-12-06T19:00:00Z", false], // Mon 03:00: Sunday started no shift
  ])("Rhea at %s → %s", (iso, expected) => {
    expect(isWithinWorkingHours(at(iso), RHEA)).toBe(expected);
  });

  it("serves US hours: 08:00-17:00 EST is inside Rhea's shift, Monday to Friday", () => {
    // Mon 7 Dec 2026 08:00 EST and 16:59 EST; Fri 11 Dec 16:59 EST (Sat 05:59 Manila).
    expect(isWithinWorkingHours(at("2026-12-07T13:00:00Z"), RHEA)).toBe(true);
    expect(isWithinWorkingHours(at("2026-12-07T21:59:00Z"), RHEA)).toBe(true);
    expect(isWithinWorkingHours(at("2026-12-11T21:59:00Z"), RHEA)).toBe(true);
    // Sun 6 Dec 20:00 EST is Mon 09:00 Manila: daytime there, off.
    expect(isWithinWorkingHours(at("2026-12-07T01:00:00Z"), RHEA)).toBe(false);
  });

  it("waits for the next shift start, across the weekend", () => {
    // Tue 8 Dec 10:00 Manila → Tue 21:00.
    expect(nextWorkingStart(at("2026-12-08T02:00:00Z"), RHEA).toISOString()).toBe("2026-12-08T13:00:00.000Z");
    // Sat 5 Dec 07:00 Manila → Mon 7 Dec 21:00.
    expect(nextWorkingStart(at("2026-12-04T23:00:00Z"), RHEA).toISOString()).toBe("2026-12-07T13:00:00.000Z");
    // Inside the small hours of a shift: now.
    expect(nextWorkingStart(at("2026-12-07T19:00:00Z"), RHEA).toISOString()).toBe("2026-12-07T19:00:00.000Z");
  });

  it("ends the working day the morning after", () => {
    // Mon 22:00 Manila → Tue 06:00; Tue 03:00 → Tue 06:00; Tue 10:00 → Wed 06:00; Sat 07:00 → Tue 06:00.
    expect(endOfWorkingDay(at("2026-12-07T14:00:00Z"), RHEA)?.toISOString()).toBe("2026-12-07T22:00:00.000Z");
    expect(endOfWorkingDay(at("2026-12-07T19:00:00Z"), RHEA)?.toISOString()).toBe("2026-12-07T22:00:00.000Z");
    expect(endOfWorkingDay(at("2026-12-08T02:00:00Z"), RHEA)?.toISOString()).toBe("2026-12-08T22:00:00.000Z");
    expect(endOfWorkingDay(at("2026-12-04T23:00:00Z"), RHEA)?.toISOString()).toBe("2026-12-07T22:00:00.000Z");
    expect(endOfWorkingDay(at("2026-12-04T23:00:00Z"), { ...RHEA, workDays: [] })).toBeUndefined();
  });

  it("keeps the wall-clock end across the spring-forward night (a 7-hour shift)", () => {
    // Sat 7 Mar 2026 22:00 EST (03:00Z) to Sun 8 Mar 06:00 EDT (10:00Z).
    expect(isWithinWorkingHours(at("2026-03-08T02:59:00Z"), NICK)).toBe(false);
    expect(isWithinWorkingHours(at("2026-03-08T03:00:00Z"), NICK)).toBe(true);
    expect(isWithinWorkingHours(at("2026-03-08T09:59:00Z"), NICK)).toBe(true);
    expect(isWithinWorkingHours(at("2026-03-08T10:00:00Z"), NICK)).toBe(false);
    expect(endOfWorkingDay(at("2026-03-08T05:00:00Z"), NICK)?.toISOString()).toBe("2026-03-08T10:00:00.000Z");
  });

  it("keeps the wall-clock end across the fall-back night (a 9-hour shift)", () => {
    // Sat 31 Oct 2026 22:00 EDT (02:00Z Sun) to Sun 1 Nov 06:00 EST (11:00Z).
    expect(isWithinWorkingHours(at("2026-11-01T02:00:00Z"), NICK)).toBe(true);
    expect(isWithinWorkingHours(at("2026-11-01T10:59:00Z"), NICK)).toBe(true);
    expect(isWithinWorkingHours(at("2026-11-01T11:00:00Z"), NICK)).toBe(false);
    // Sun 1 Nov 07:00 EST → the next Saturday, 7 Nov 22:00 EST (03:00Z Sun).
    expect(nextWorkingStart(at("2026-11-01T12:00:00Z"), NICK).toISOString()).toBe("2026-11-08T03:00:00.000Z");
  });

  it("treats 24:00 as the next midnight, not as a shift across it", () => {
    const late = { tz: "Asia/Manila", workStart: 18 * 60, workEnd: 24 * 60, workDays: ["fri"] };
    // Fri 4 Dec 23:59 Manila inside; Sat 00:00 outside.
    expect(isWithinWorkingHours(at("2026-12-04T15:59:00Z"), late)).toBe(true);
    expect(isWithinWorkingHours(at("2026-12-04T16:00:00Z"), late)).toBe(false);
    expect(endOfWorkingDay(at("2026-12-04T12:00:00Z"), late)?.toISOString()).toBe("2026-12-04T16:00:00.000Z");
  });

  it("has no working time with equal start and end", () => {
    const none = { ...RHEA, workEnd: RHEA.workStart };
    expect(isWithinWorkingHours(at("2026-12-07T14:00:00Z"), none)).toBe(false);
    expect(nextWorkingStart(at("2026-12-07T14:00:00Z"), none).toISOString()).toBe("2026-12-07T14:00:00.000Z");
  });
});

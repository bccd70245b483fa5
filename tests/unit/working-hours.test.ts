import { describe, expect, it } from "vitest";
import { isWithinWorkingHours, nextWorkingStart } from "../../src/domain/working-hours.js";

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

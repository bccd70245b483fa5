import { describe, expect, it } from "vitest";
import { hasSecondsField, latestFireTime, parseCron } from "../../src/jobs/cron-fire-time.js";

const fire = (expr: string, nowIso: string, zone: string) =>
  latestFireTime(parseCron(expr), new Date(nowIso), zone)?.toISOString();

describe("latestFireTime: when a cron last fired on a zone's wall clock", () => {
  it("finds the last Monday 08:00 in each zone", () => {
    // Mon 7 Dec 2026, 08:00 in New York is 13:00Z; in Tokyo it was Sun 23:00Z.
    expect(fire("0 8 * * 1", "2026-12-07T13:00:00Z", "America/New_York")).toBe("2026-12-07T13:00:00.000Z");
    expect(fire("0 8 * * 1", "2026-12-07T12:59:59Z", "America/New_York")).toBe("2026-11-30T13:00:00.000Z");
    expect(fire("0 8 * * 1", "2026-12-07T12:59:59Z", "Asia/Tokyo")).toBe("2026-12-06T23:00:00.000Z");
    expect(fire("0 8 * * mon", "2026-12-10T00:00:00Z", "Asia/Kolkata")).toBe("2026-12-07T02:30:00.000Z");
  });

  it("follows the wall clock across DST changes", () => {
    // Spring forward Sun 14 Mar 2027: Monday 08:00 is 13:00Z before and 12:00Z after.
    expect(fire("0 8 * * 1", "2027-03-15T12:00:00Z", "America/New_York")).toBe("2027-03-15T12:00:00.000Z");
    expect(fire("0 8 * * 1", "2027-03-15T11:59:00Z", "America/New_York")).toBe("2027-03-08T13:00:00.000Z");
    // A wall time the clock skips (02:30 on 14 Mar) fires once the clock has jumped past it.
    expect(fire("30 2 * * *", "2027-03-14T08:00:00Z", "America/New_York")).toBe("2027-03-14T07:30:00.000Z");
  });

  it("handles minute, second and day-of-month schedules", () => {
    expect(fire("*/5 * * * *", "2026-12-07T13:07:42Z", "UTC")).toBe("2026-12-07T13:05:00.000Z");
    expect(fire("* * * * * *", "2026-12-07T13:07:42.500Z", "UTC")).toBe("2026-12-07T13:07:42.000Z");
    expect(fire("0 9 1 * *", "2026-12-03T00:00:00Z", "UTC")).toBe("2026-12-01T09:00:00.000Z");
    // Both day fields restricted: either one fires (cron's rule). The 15th is a Tuesday.
    expect(fire("0 9 15 * 5", "2026-12-16T00:00:00Z", "UTC")).toBe("2026-12-15T09:00:00.000Z");
    expect(hasSecondsField("* * * * * *")).toBe(true);
    expect(hasSecondsField("0 8 * * 1")).toBe(false);
  });

  it("refuses what node-cron would refuse", () => {
    expect(() => parseCron("61 * * * *")).toThrow();
  });
});

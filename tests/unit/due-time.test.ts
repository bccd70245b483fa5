import { describe, expect, it } from "vitest";
import { formatLocal, resolveDueTime } from "../../src/domain/due-time.js";
import { DelegateError } from "../../src/domain/errors.js";

const NY = "America/New_York";
const MANILA = "Asia/Manila";
/** Tuesday 1 Dec 2026, 10:00 in New York. */
const TUE_NY = new Date("2026-12-01T15:00:00Z");

const iso = (text: string, now: Date, zone: string): string =>
  resolveDueTime(text, { now, zone }).toISOString();

function rejection(text: string, now: Date, zone: string): DelegateError {
  try {
    resolveDueTime(text, { now, zone });
  } catch (e) {
    if (e instanceof DelegateError) return e;
    throw e;
  }
  throw new Error(`expected "${text}" to be rejected`);
}

describe("resolveDueTime", () => {
  it('reads "mon 9am" on the Friday before spring-forward as 09:00 EDT', () => {
    // Friday 2026-03-06 17:00 EST; clocks go forward on Sunday 2026-03-08.
    expect(iso("mon 9am", new Date("2026-03-06T22:00:00Z"), NY)).toBe("2026-03-09T13:00:00.000Z");
  });

  it('reads "fri 5pm" said on a Tuesday in New York as Friday 17:00 EST', () => {
    const due = resolveDueTime("fri 5pm", { now: TUE_NY, zone: NY });
    expect(due.toISOString()).toBe("2026-12-04T22:00:00.000Z");
    expect(formatLocal(due, NY)).toBe("Fri 4 Dec 2026, 5:00 PM EST");
    expect(formatLocal(due, MANILA)).toBe("Sat 5 Dec 2026, 6:00 AM Manila time");
  });

  it('reads "tomorrow 9am" in Manila by the Manila calendar, not the UTC one', () => {
    // 2026-12-01T20:00Z is already Wednesday 2 Dec 04:00 in Manila.
    expect(iso("tomorrow 9am", new Date("2026-12-01T20:00:00Z"), MANILA)).toBe("2026-12-03T01:00:00.000Z");
  });

  it.each([
    ["2026-12-04 17:00", NY, "2026-12-04T22:00:00.000Z"],
    ["2026-12-04 17:00", MANILA, "2026-12-04T09:00:00.000Z"],
    ["dec 4 5pm", NY, "2026-12-04T22:00:00.000Z"],
    ["by fri 5pm", NY, "2026-12-04T22:00:00.000Z"],
    ["Friday at noon", NY, "2026-12-04T17:00:00.000Z"],
    ["fri", NY, "2026-12-04T22:00:00.000Z"],
    ["tomorrow", NY, "2026-12-02T22:00:00.000Z"],
    ["in 3 hours", NY, "2026-12-01T18:00:00.000Z"],
    ["2026-12-04T17:00Z", NY, "2026-12-04T17:00:00.000Z"],
    ["2026-12-04T17:00:00+08:00", NY, "2026-12-04T09:00:00.000Z"],
    ["5pm UTC", NY, "2026-12-01T17:00:00.000Z"],
  ])('reads "%s" in %s', (text, zone, expected) => {
    expect(iso(text, TUE_NY, zone)).toBe(expected);
  });

  it('moves "fri" said on a Friday evening to next Friday', () => {
    // Friday 4 Dec 2026, 18:00 EST: today's 17:00 has passed.
    expect(iso("fri", new Date("2026-12-04T23:00:00Z"), NY)).toBe("2026-12-11T22:00:00.000Z");
  });

  it('keeps "fri" said on a Friday morning as today 17:00', () => {
    expect(iso("fri", new Date("2026-12-04T14:00:00Z"), NY)).toBe("2026-12-04T22:00:00.000Z");
  });

  it('reads "5pm" said after 5pm as tomorrow 5pm', () => {
    expect(iso("5pm", new Date("2026-12-01T23:00:00Z"), NY)).toBe("2026-12-02T22:00:00.000Z");
  });

  it("moves a wall time in the spring-forward gap forward by the gap", () => {
    // 02:30 does not exist on 2026-03-08 in New York; it becomes 03:30 EDT.
    expect(iso("sun 2:30am", new Date("2026-03-06T22:00:00Z"), NY)).toBe("2026-03-08T07:30:00.000Z");
  });

  it("gives a fall-back ambiguous time one defined instant (the second, standard-time 01:30)", () => {
    // 01:30 happens twice on 2026-11-01 in New York: 05:30Z (EDT) and 06:30Z (EST).
    expect(iso("sun 1:30am", new Date("2026-10-30T16:00:00Z"), NY)).toBe("2026-11-01T06:30:00.000Z");
  });

  it("does not depend on the host's time zone", () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ["Asia/Tokyo", "America/Los_Angeles", "UTC"]) {
        process.env.TZ = tz;
        expect(iso("mon 9am", new Date("2026-03-06T22:00:00Z"), NY)).toBe("2026-03-09T13:00:00.000Z");
        expect(iso("tomorrow 9am", new Date("2026-12-01T20:00:00Z"), MANILA)).toBe(
          "2026-12-03T01:00:00.000Z",
        );
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it("rejects a time in the past, saying when it was", () => {
    const e = rejection("yesterday 5pm", TUE_NY, NY);
    expect(e.code).toBe("invalid");
    expect(e.message).toBe(
      '"yesterday 5pm" is in the past (it was Mon 30 Nov 2026, 5:00 PM EST). Give a time still to come, like "fri 5pm", "tomorrow 9am" or "eod".',
    );
  });

  it.each(["2026-01-05 09:00", "today 9am", "now", "2026-12-01T15:00:00Z"])("rejects past %s", (text) => {
    const e = rejection(text, TUE_NY, NY);
    expect(e.code).toBe("invalid");
    expect(e.message).toContain("is in the past");
  });

  it.each(["xyz", "", "   ", "banana o'clock", "T-42", "fri 5pm or mon 9am", "x".repeat(201)])(
    "rejects unreadable %j",
    (text) => {
      const e = rejection(text, TUE_NY, NY);
      expect(e.code).toBe("invalid");
      expect(e.message).toMatch(/^I could not read ".*" as a due time\. Try "fri 5pm", "tomorrow 9am"/);
    },
  );

  it("names the unreadable text in the message", () => {
    expect(rejection("xyz", TUE_NY, NY).message).toBe(
      'I could not read "xyz" as a due time. Try "fri 5pm", "tomorrow 9am", "eod" or "2026-12-04 17:00".',
    );
  });
});

describe("formatLocal", () => {
  it.each([
    ["2026-07-04T16:00:00Z", NY, "Sat 4 Jul 2026, 12:00 PM EDT"],
    ["2026-07-04T16:00:00Z", "UTC", "Sat 4 Jul 2026, 4:00 PM UTC"],
    ["2026-07-04T16:00:00Z", "Asia/Kolkata", "Sat 4 Jul 2026, 9:30 PM Kolkata time"],
    // Intl spells Kolkata the old way; the reply uses the city's name.
    ["2026-07-04T16:00:00Z", "Asia/Calcutta", "Sat 4 Jul 2026, 9:30 PM Kolkata time"],
    ["2026-12-04T22:00:00Z", MANILA, "Sat 5 Dec 2026, 6:00 AM Manila time"],
    ["2026-12-04T22:00:00Z", "America/Chicago", "Fri 4 Dec 2026, 4:00 PM CST"],
    ["2026-07-04T16:00:00Z", "America/Chicago", "Sat 4 Jul 2026, 11:00 AM CDT"],
    ["2026-07-04T16:00:00Z", "America/Mexico_City", "Sat 4 Jul 2026, 10:00 AM CST"],
    ["2026-12-04T22:00:00Z", "Europe/London", "Fri 4 Dec 2026, 10:00 PM GMT"],
    ["2026-07-04T16:00:00Z", "Europe/London", "Sat 4 Jul 2026, 5:00 PM London time"],
    ["2026-07-04T16:00:00Z", "America/Argentina/Buenos_Aires", "Sat 4 Jul 2026, 1:00 PM Buenos Aires time"],
    ["2026-07-04T16:00:00Z", "Etc/GMT+5", "Sat 4 Jul 2026, 11:00 AM GMT-5"],
    ["2026-12-04T22:05:00Z", NY, "Fri 4 Dec 2026, 5:05 PM EST"],
  ])("formats %s in %s", (instant, zone, expected) => {
    expect(formatLocal(new Date(instant), zone)).toBe(expected);
  });
});

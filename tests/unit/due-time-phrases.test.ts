import { describe, expect, it } from "vitest";
import { resolveDueTime, type SpeakerHours } from "../../src/domain/due-time.js";
import { DelegateError } from "../../src/domain/errors.js";

/*
 * Due-time phrases × reference instants × zones, with the instant each must mean or "past"
 * (refused). Every expected instant was worked out by hand from the local wall time; the
 * comment on each reference gives the local time in every zone.
 */
const NY = "America/New_York";
const CHI = "America/Chicago";
const MNL = "Asia/Manila";
const LON = "Europe/London";
const MEX = "America/Mexico_City";

/** The speaker in every row works 09:00-18:00, Monday to Friday (the default for a new person). */
const DAY_HOURS: SpeakerHours = {
  workStart: 540,
  workEnd: 1080,
  workDays: ["mon", "tue", "wed", "thu", "fri"],
};

/** Tue 1 Dec 2026, 15:00Z: NY Tue 10:00 EST · Chicago 09:00 CST · Manila Tue 23:00 · London 15:00 GMT · Mexico City 09:00. */
const TUE = "2026-12-01T15:00:00Z";
/** Fri 6 Mar 2026, 22:00Z, before the US spring-forward (Sun 8 Mar): NY 17:00 EST · Chicago 16:00 · Manila Sat 06:00 · London 22:00 · Mexico City 16:00. */
const US_SPRING = "2026-03-06T22:00:00Z";
/** Fri 27 Mar 2026, 12:00Z, before the UK spring-forward (Sun 29 Mar): London 12:00 GMT · NY 08:00 EDT · Mexico City 06:00. */
const UK_SPRING = "2026-03-27T12:00:00Z";
/** Fri 30 Oct 2026, 16:00Z, before the US fall-back (Sun 1 Nov): NY 12:00 EDT · Chicago 11:00 CDT · Manila Sat 00:00 · London 16:00 GMT · Mexico City 10:00. */
const US_FALL = "2026-10-30T16:00:00Z";

const PAST = "past";

const table: [phrase: string, now: string, zone: string, expected: string][] = [
  // Day and time, as before.
  ["fri 5pm", TUE, NY, "2026-12-04T22:00:00Z"],
  ["fri 5pm", TUE, MNL, "2026-12-04T09:00:00Z"],
  ["tomorrow 9am", TUE, MNL, "2026-12-02T01:00:00Z"],
  ["tomorrow 9am", TUE, LON, "2026-12-02T09:00:00Z"],
  ["mon 9am", TUE, NY, "2026-12-07T14:00:00Z"],
  ["2026-12-04 17:00", TUE, MEX, "2026-12-04T23:00:00Z"],
  ["in 3 hours", TUE, CHI, "2026-12-01T18:00:00Z"],
  // A bare hour 1–7 is PM; 8 and later, and anything with am/pm or a leading zero, as written.
  ["friday at 5", TUE, CHI, "2026-12-04T23:00:00Z"],
  ["friday at 5", TUE, MEX, "2026-12-04T23:00:00Z"],
  ["friday at 5", TUE, LON, "2026-12-04T17:00:00Z"],
  ["fri at 5:30", TUE, NY, "2026-12-04T22:30:00Z"],
  ["fri at 1", TUE, NY, "2026-12-04T18:00:00Z"],
  ["at 7", TUE, NY, "2026-12-02T00:00:00Z"],
  ["at 8", TUE, NY, "2026-12-02T13:00:00Z"],
  ["tomorrow at 12:30", TUE, LON, "2026-12-02T12:30:00Z"],
  ["fri 5am", TUE, NY, "2026-12-04T10:00:00Z"],
  ["fri at 5 in the morning", TUE, NY, "2026-12-04T10:00:00Z"],
  ["2026-12-04 05:00", TUE, NY, "2026-12-04T10:00:00Z"],
  ["fri 17:00", TUE, CHI, "2026-12-04T23:00:00Z"],
  // End of the speaker's working day: today's, or the next working day's once it has passed.
  ["eod", TUE, NY, "2026-12-01T23:00:00Z"],
  ["eod", TUE, MNL, "2026-12-02T10:00:00Z"],
  ["cob", TUE, CHI, "2026-12-02T00:00:00Z"],
  ["close of business", TUE, LON, "2026-12-01T18:00:00Z"],
  ["End of Day", TUE, MEX, "2026-12-02T00:00:00Z"],
  ["by end of the business day", TUE, NY, "2026-12-01T23:00:00Z"],
  ["eod fri", TUE, MNL, "2026-12-04T10:00:00Z"],
  ["end of day tomorrow", TUE, LON, "2026-12-02T18:00:00Z"],
  // The past is refused, never moved forward (not even a year: "nov 30" is not next November).
  ["yesterday", TUE, NY, PAST],
  ["last tuesday", TUE, NY, PAST],
  ["last tuesday", TUE, MNL, PAST],
  ["last monday 9am", TUE, LON, PAST],
  ["2 days ago", TUE, CHI, PAST],
  ["nov 30 5pm", TUE, MEX, PAST],
  ["today 9am", TUE, NY, PAST],
  ["eod today", TUE, MNL, PAST],
  ["eod yesterday", TUE, LON, PAST],

  // Across the US spring-forward: Monday is in daylight time in the US, not yet in London or Mexico City.
  ["mon 9am", US_SPRING, NY, "2026-03-09T13:00:00Z"],
  ["mon 9am", US_SPRING, CHI, "2026-03-09T14:00:00Z"],
  ["mon 9am", US_SPRING, MEX, "2026-03-09T15:00:00Z"],
  ["mon 9am", US_SPRING, LON, "2026-03-09T09:00:00Z"],
  ["mon 9am", US_SPRING, MNL, "2026-03-09T01:00:00Z"],
  ["eod", US_SPRING, NY, "2026-03-06T23:00:00Z"],
  ["eod", US_SPRING, CHI, "2026-03-07T00:00:00Z"],
  ["eod", US_SPRING, MNL, "2026-03-09T10:00:00Z"],
  ["eod", US_SPRING, LON, "2026-03-09T18:00:00Z"],
  ["sun 2:30am", US_SPRING, NY, "2026-03-08T07:30:00Z"],
  // 17:00 EST today is now, not ahead: next Friday, in daylight time.
  ["friday at 5", US_SPRING, NY, "2026-03-13T21:00:00Z"],
  ["tomorrow at 5", US_SPRING, CHI, "2026-03-07T23:00:00Z"],
  ["last friday", US_SPRING, NY, PAST],
  ["yesterday 5pm", US_SPRING, MEX, PAST],

  // Across the UK spring-forward.
  ["mon 9am", UK_SPRING, LON, "2026-03-30T08:00:00Z"],
  ["mon 9am", UK_SPRING, NY, "2026-03-30T13:00:00Z"],
  ["eod mon", UK_SPRING, LON, "2026-03-30T17:00:00Z"],
  ["sun 1:30am", UK_SPRING, LON, "2026-03-29T01:30:00Z"],
  ["fri at 5", UK_SPRING, LON, "2026-03-27T17:00:00Z"],
  ["eod", UK_SPRING, MEX, "2026-03-28T00:00:00Z"],
  ["last tuesday", UK_SPRING, LON, PAST],

  // Across the US fall-back.
  ["mon 9am", US_FALL, NY, "2026-11-02T14:00:00Z"],
  ["mon 9am", US_FALL, CHI, "2026-11-02T15:00:00Z"],
  ["mon 9am", US_FALL, MEX, "2026-11-02T15:00:00Z"],
  ["mon 9am", US_FALL, LON, "2026-11-02T09:00:00Z"],
  ["mon 9am", US_FALL, MNL, "2026-11-02T01:00:00Z"],
  ["sun 1:30am", US_FALL, NY, "2026-11-01T06:30:00Z"],
  ["eod", US_FALL, NY, "2026-10-30T22:00:00Z"],
  ["end of day monday", US_FALL, CHI, "2026-11-03T00:00:00Z"],
  ["eod", US_FALL, MNL, "2026-11-02T10:00:00Z"],
  // Friday 17:00 in Manila was yesterday there: next Friday.
  ["friday at 5", US_FALL, MNL, "2026-11-06T09:00:00Z"],
  ["last tuesday", US_FALL, MEX, PAST],
];

const refusal = (text: string, now: Date, zone: string, hours?: SpeakerHours): DelegateError => {
  try {
    resolveDueTime(text, { now, zone, ...(hours ? { hours } : {}) });
  } catch (e) {
    if (e instanceof DelegateError) return e;
    throw e;
  }
  throw new Error(`expected "${text}" to be refused`);
};

describe("due-time phrases across zones and clock changes", () => {
  it.each(table)('"%s" said at %s in %s → %s', (phrase, now, zone, expected) => {
    const at = new Date(now);
    if (expected === PAST) {
      const e = refusal(phrase, at, zone, DAY_HOURS);
      expect(e.code).toBe("invalid");
      expect(e.message).toMatch(/ is in the past \(it was .*\)\. Give a time still to come, like "fri 5pm"/);
      expect(e.fields).toEqual({ due: "That time is in the past." });
    } else {
      expect(resolveDueTime(phrase, { now: at, zone, hours: DAY_HOURS }).toISOString()).toBe(
        new Date(expected).toISOString(),
      );
    }
  });
});

describe("refusals say what was understood, in plain words, with an example", () => {
  it('refuses "last tuesday" said on a Wednesday, naming yesterday', () => {
    const e = refusal("last tuesday", new Date("2026-12-02T15:00:00Z"), NY);
    expect(e.message).toBe(
      '"last tuesday" is in the past (it was Tue 1 Dec 2026, 5:00 PM EST). Give a time still to come, like "fri 5pm", "tomorrow 9am" or "eod".',
    );
  });

  it('refuses "eod today" after the working day ended, naming when it ended', () => {
    const e = refusal("eod today", new Date("2026-12-01T23:30:00Z"), NY, DAY_HOURS);
    expect(e.message).toBe(
      '"eod today" is in the past (it was Tue 1 Dec 2026, 6:00 PM EST). Give a time still to come, like "fri 5pm", "tomorrow 9am" or "eod".',
    );
  });

  it("refuses text that only looks like a time", () => {
    const e = refusal("end of the week-ish", new Date(TUE), NY);
    expect(e.message).toBe(
      'I could not read "end of the week-ish" as a due time. Try "fri 5pm", "tomorrow 9am", "eod" or "2026-12-04 17:00".',
    );
  });
});

describe("eod for a night shift and for speakers without hours", () => {
  /** A Manila paralegal on US hours: 21:00-06:00 Manila, shifts starting Monday to Friday. */
  const NIGHT: SpeakerHours = {
    workStart: 21 * 60,
    workEnd: 6 * 60,
    workDays: ["mon", "tue", "wed", "thu", "fri"],
  };
  const eod = (now: string, hours?: SpeakerHours) =>
    resolveDueTime("eod", { now: new Date(now), zone: MNL, ...(hours ? { hours } : {}) }).toISOString();

  it("is the end of the shift in progress, the next morning", () => {
    // Tue 1 Dec 2026 23:00 Manila, inside Tuesday's shift → Wed 06:00 Manila.
    expect(eod("2026-12-01T15:00:00Z", NIGHT)).toBe("2026-12-01T22:00:00.000Z");
    // Wed 03:00 Manila, still Tuesday's shift → Wed 06:00.
    expect(eod("2026-12-01T19:00:00Z", NIGHT)).toBe("2026-12-01T22:00:00.000Z");
  });

  it("is the end of the next shift between shifts, across the weekend", () => {
    // Wed 10:00 Manila → Wednesday's shift ends Thu 06:00.
    expect(eod("2026-12-02T02:00:00Z", NIGHT)).toBe("2026-12-02T22:00:00.000Z");
    // Sat 10:00 Manila (Friday's shift ended at 06:00) → Monday's shift ends Tue 06:00.
    expect(eod("2026-12-05T02:00:00Z", NIGHT)).toBe("2026-12-07T22:00:00.000Z");
  });

  it('"eod fri" is the end of the shift that starts on Friday', () => {
    expect(
      resolveDueTime("eod fri", {
        now: new Date("2026-12-01T15:00:00Z"),
        zone: MNL,
        hours: NIGHT,
      }).toISOString(),
    ).toBe("2026-12-04T22:00:00.000Z");
  });

  it("uses 17:00 on weekdays when the speaker's hours are not known", () => {
    // Tue 1 Dec 2026 23:00 Manila → Wed 17:00 Manila.
    expect(eod("2026-12-01T15:00:00Z")).toBe("2026-12-02T09:00:00.000Z");
  });

  it("counts every day for a speaker with no working days", () => {
    // Sat 5 Dec 10:00 Manila, hours 09:00-18:00 on no day → Sat 18:00.
    expect(eod("2026-12-05T02:00:00Z", { ...NIGHT, workStart: 540, workEnd: 1080, workDays: [] })).toBe(
      "2026-12-05T10:00:00.000Z",
    );
  });
});

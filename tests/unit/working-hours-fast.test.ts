import fc from "fast-check";
import { DateTime, IANAZone, Settings } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { WEEKDAYS } from "../../src/domain/vocabulary.js";
import {
  type Shift,
  shiftStartingOn,
  shiftsBackFrom,
  shiftsFrom,
  type WorkingTime,
} from "../../src/domain/working-hours.js";
import { isoDateIn, offsetAt, zoneClock } from "../../src/domain/zone-clock.js";

/*
 * src/domain/working-hours.ts does luxon's arithmetic without DateTime objects (zone-clock.ts).
 * Here the straightforward luxon code it replaced is the reference: both must give the same
 * shifts, to the millisecond, across zones, DST gaps and repeats, night shifts and "now"s.
 */

const DAY_MINUTES = 24 * 60;
const crosses = (p: WorkingTime) => p.workEnd < p.workStart;
const refWallTime = (day: DateTime, minutes: number, zone: string): DateTime => {
  const date = day.plus({ days: Math.floor(minutes / DAY_MINUTES) });
  const m = minutes % DAY_MINUTES;
  return DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day, hour: Math.floor(m / 60), minute: m % 60 },
    { zone },
  );
};
const refShiftStartingOn = (day: DateTime, person: WorkingTime): Shift | undefined => {
  const date = DateTime.fromObject({ year: day.year, month: day.month, day: day.day }, { zone: person.tz });
  if (!date.isValid || person.workStart === person.workEnd) return undefined;
  if (!person.workDays.includes(WEEKDAYS[date.weekday - 1] ?? "")) return undefined;
  const endMinutes = crosses(person) ? person.workEnd + DAY_MINUTES : person.workEnd;
  const start = refWallTime(date, person.workStart, person.tz);
  const end = refWallTime(date, endMinutes, person.tz);
  if (!start.isValid || !end.isValid || end <= start) return undefined;
  return { start: start.toJSDate(), end: end.toJSDate() };
};
const refShiftsFrom = (instant: Date, person: WorkingTime, days: number): Shift[] => {
  const local = DateTime.fromJSDate(instant, { zone: person.tz });
  if (!local.isValid) return [];
  const first = local.startOf("day").minus({ days: 1 });
  const out: Shift[] = [];
  for (let i = 0; i < days; i += 1) {
    const s = refShiftStartingOn(first.plus({ days: i }), person);
    if (s) out.push(s);
  }
  return out;
};
const refShiftsBackFrom = (instant: Date, person: WorkingTime, days: number): Shift[] => {
  const local = DateTime.fromJSDate(instant, { zone: person.tz });
  if (!local.isValid) return [];
  const first = local.startOf("day");
  const out: Shift[] = [];
  for (let i = 0; i < days; i += 1) {
    const s = refShiftStartingOn(first.minus({ days: i }), person);
    if (s) out.push(s);
  }
  return out;
};

/** Zones with every kind of change: DST at midnight, half-hour DST, odd offsets, a skipped day, none. */
const ZONES = [
  "America/New_York",
  "America/Los_Angeles",
  "America/Santiago",
  "America/Havana",
  "America/St_Johns",
  "America/Sao_Paulo",
  "Europe/London",
  "Europe/Berlin",
  "Europe/Moscow",
  "Asia/Beirut",
  "Asia/Tehran",
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "Australia/Sydney",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
  "Pacific/Apia",
  "Africa/Casablanca",
  "UTC",
  "utc",
  "Not/AZone",
];

/** Instants from 2010 to 2040, often within a few hours of a DST change. */
const instantIn = (zone: string) =>
  fc.oneof(
    fc.integer({ min: Date.UTC(2010, 0, 1), max: Date.UTC(2040, 0, 1) }).map((t) => new Date(t)),
    fc
      .tuple(fc.integer({ min: 2010, max: 2039 }), fc.integer({ min: -48 * 60, max: 48 * 60 }))
      .map(([year, minutes]) => {
        const z = IANAZone.create(zone);
        // The first offset change of the year, found by halving: then a few hours either side.
        let a = Date.UTC(year, 0, 1);
        let b = Date.UTC(year, 6, 1);
        if (!z.isValid || z.offset(a) === z.offset(b)) b = Date.UTC(year + 1, 0, 1);
        if (z.isValid && z.offset(a) !== z.offset(b)) {
          while (b - a > 1000) {
            const m = Math.floor((a + b) / 2);
            if (z.offset(m) === z.offset(a)) a = m;
            else b = m;
          }
        }
        return new Date(b + minutes * 60_000);
      }),
  );

const personIn = (zone: string) =>
  fc.record({
    tz: fc.constant(zone),
    workStart: fc.oneof(fc.integer({ min: 0, max: 1439 }), fc.constantFrom(0, 60, 120, 540, 1260, 1380)),
    workEnd: fc.oneof(fc.integer({ min: 1, max: 1440 }), fc.constantFrom(60, 180, 360, 1020, 1080, 1440)),
    workDays: fc.subarray([...WEEKDAYS]),
  });

const times = (shifts: Iterable<Shift>) => [...shifts].map((s) => [s.start.getTime(), s.end.getTime()]);

const caseArb = fc.constantFrom(...ZONES).chain((zone) =>
  fc.record({
    person: personIn(zone),
    instant: instantIn(zone),
    now: instantIn(zone),
    days: fc.integer({ min: 1, max: 12 }),
  }),
);

// The reference is slow by design (that is why it was replaced): room for a loaded machine.
describe("working hours without DateTime objects", { timeout: 120_000 }, () => {
  const realNow = Settings.now;
  afterEach(() => {
    Settings.now = realNow;
  });

  it("gives the same shifts forward as the plain luxon code", () => {
    fc.assert(
      fc.property(caseArb, ({ person, instant, now, days }) => {
        // luxon guesses a wall time's offset from the offset now: repeated wall times depend on it.
        Settings.now = () => now.getTime();
        expect(times(shiftsFrom(instant, person, days))).toEqual(times(refShiftsFrom(instant, person, days)));
      }),
      { numRuns: 1500 },
    );
  });

  it("gives the same shifts backward as the plain luxon code", () => {
    fc.assert(
      fc.property(caseArb, ({ person, instant, now, days }) => {
        Settings.now = () => now.getTime();
        expect(times(shiftsBackFrom(instant, person, days))).toEqual(
          times(refShiftsBackFrom(instant, person, days)),
        );
      }),
      { numRuns: 1500 },
    );
  });

  it("gives the same shift for a luxon day as the plain luxon code", () => {
    fc.assert(
      fc.property(caseArb, ({ person, instant }) => {
        const day = DateTime.fromJSDate(instant, { zone: person.tz });
        expect(times([shiftStartingOn(day, person)].filter((s) => s !== undefined))).toEqual(
          times([refShiftStartingOn(day, person)].filter((s) => s !== undefined)),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it("remembers offsets that are luxon's, in every zone Intl knows", () => {
    const zones = Intl.supportedValuesOf("timeZone");
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2060, 0, 1) }),
        (zone, ts) => {
          const clock = zoneClock(zone);
          // Twice: the second answer comes from the memo.
          expect(offsetAt(clock, ts)).toBe(IANAZone.create(zone).offset(ts));
          expect(offsetAt(clock, ts)).toBe(IANAZone.create(zone).offset(ts));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("gives luxon's calendar day of an instant, in every zone Intl knows and a few it does not", () => {
    const zones = [...Intl.supportedValuesOf("timeZone"), "utc", "UTC+3", "Not/AZone"];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(-300, 0, 1), max: Date.UTC(12000, 0, 1) }),
        (zone, ts) => {
          const at = new Date(ts);
          expect(isoDateIn(at, zone)).toBe(DateTime.fromJSDate(at, { zone }).toISODate() ?? undefined);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

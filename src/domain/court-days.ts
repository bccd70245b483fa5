import { DateTime } from "luxon";
import { FIRST_RULE_YEAR, usFederalHolidays } from "./us-federal-holidays.js";
import type { HolidayCalendar } from "./vocabulary.js";

/*
 * Court days: calendar dates (YYYY-MM-DD, no time, no zone) that are neither a Saturday, a
 * Sunday nor one of the firm's holidays. A due time planned from a court deadline is the end of
 * the firm's working day a number of court days before it, so the review buffer never lands on
 * a day the court (or the firm) is closed. See docs/time.md.
 */

/** Which dates the courts are closed: a Set of YYYY-MM-DD dates will do, or courtClosures(). */
export interface CourtClosures {
  has(date: string): boolean;
}

/**
 * A firm's closed days: its holiday calendar (`firm set holidays:us-federal|none`; the federal
 * days of any year asked about are computed on first use) plus its own `holiday add` days.
 */
export const courtClosures = (calendar: HolidayCalendar, firmDays: readonly string[] = []): CourtClosures => {
  const own = new Set(firmDays);
  const federal = new Map<number, Set<string>>();
  const federalIn = (year: number): Set<string> => {
    let days = federal.get(year);
    if (!days) {
      days = new Set(usFederalHolidays(year).map((h) => h.date));
      federal.set(year, days);
    }
    return days;
  };
  return {
    has: (date) => {
      if (own.has(date)) return true;
      if (calendar !== "us-federal") return false;
      const year = Number(date.slice(0, 4));
      return year >= FIRST_RULE_YEAR && year <= 9998 && federalIn(year).has(date);
    },
  };
};

const parseDate = (date: string): DateTime => {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(date)
    ? DateTime.fromISO(date, { zone: "utc" })
    : DateTime.invalid("format");
  if (!d.isValid) throw new RangeError(`not a date written YYYY-MM-DD: ${date}`);
  return d;
};

/** Whether `date` (YYYY-MM-DD) is a court day: a weekday that is not a holiday. */
export const isCourtDay = (date: string, holidays: CourtClosures): boolean =>
  parseDate(date).weekday <= 5 && !holidays.has(date);

/** More court days than this before a deadline is a typo, not a plan (a year of court days is about 250). */
export const MAX_COURT_DAYS = 1000;

/**
 * The date `n` court days before `deadline` (YYYY-MM-DD), counting back and skipping weekends
 * and holidays; the deadline itself is not counted. `n = 0` is the deadline when it is a court
 * day, else the last court day before it (a filing due on a closed day is planned for the day
 * before, never after).
 */
export const courtDaysBefore = (deadline: string, n: number, holidays: CourtClosures): string => {
  if (!Number.isInteger(n) || n < 0 || n > MAX_COURT_DAYS) {
    throw new RangeError(`court days must be a whole number from 0 to ${MAX_COURT_DAYS}, not ${n}`);
  }
  let day = parseDate(deadline);
  const isOpen = (d: DateTime): boolean => d.weekday <= 5 && !holidays.has(d.toISODate() ?? "");
  // A calendar that closes every day would never let the count finish.
  let steps = 0;
  const stepBack = (): void => {
    day = day.minus({ days: 1 });
    if (++steps > 3 * MAX_COURT_DAYS) throw new RangeError(`no court days found before ${deadline}`);
  };
  if (n === 0) {
    while (!isOpen(day)) stepBack();
  }
  for (let counted = 0; counted < n; ) {
    stepBack();
    if (isOpen(day)) counted += 1;
  }
  return day.toISODate() ?? deadline;
};

/** When the firm's working day ends, unless it says otherwise: 17:00. */
export const FIRM_DAY_END_MINUTES = 17 * 60;

/**
 * The due instant for work planned from a court deadline: the end of the firm's working day
 * (`dayEndMinutes` after midnight in `zone`, default 17:00), `reviewCourtDays` court days
 * before the deadline. A day end inside a DST gap moves forward with the clock.
 */
export const courtDeadlineDueAt = (
  deadline: string,
  reviewCourtDays: number,
  holidays: CourtClosures,
  zone: string,
  dayEndMinutes: number = FIRM_DAY_END_MINUTES,
): Date => {
  const date = parseDate(courtDaysBefore(deadline, reviewCourtDays, holidays)).plus({
    days: Math.floor(dayEndMinutes / 1440),
  });
  const minutes = dayEndMinutes % 1440;
  // Wall-clock fields, not "midnight plus 17 hours": on a DST day those differ by the change.
  const end = DateTime.fromObject(
    {
      year: date.year,
      month: date.month,
      day: date.day,
      hour: Math.floor(minutes / 60),
      minute: minutes % 60,
    },
    { zone },
  );
  if (!end.isValid) throw new RangeError(`not a time zone: ${zone}`);
  return end.toJSDate();
};

import { DateTime } from "luxon";
import { FIRST_RULE_YEAR, usFederalHolidays } from "./us-federal-holidays.js";

/*
 * Court days: dates (YYYY-MM-DD) that are neither a Saturday, a Sunday nor one of the firm's
 * holidays. Work planned from a court deadline is due at the end of the firm's working day a
 * number of court days before it, so the attorney's review time never lands on a closed day.
 * See docs/supervision.md.
 */

/** Which dates are holidays. */
export interface HolidayCalendar {
  has(date: string): boolean;
}

/** The firm's holidays: the US federal ones (when `usFederal`) for any year, plus its own closures. */
export const firmHolidays = (options: {
  usFederal: boolean;
  closures?: readonly string[];
}): HolidayCalendar => {
  const closures = new Set(options.closures ?? []);
  const federal = new Map<number, Set<string>>();
  return {
    has: (date) => {
      if (closures.has(date)) return true;
      if (!options.usFederal) return false;
      const year = Number(date.slice(0, 4));
      if (!Number.isInteger(year) || year < FIRST_RULE_YEAR || year > 9998) return false;
      let days = federal.get(year);
      if (!days) {
        days = new Set(usFederalHolidays(year).map((h) => h.date));
        federal.set(year, days);
      }
      return days.has(date);
    },
  };
};

const parseDate = (date: string): DateTime => {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(date) ? DateTime.fromISO(date, { zone: "utc" }) : undefined;
  if (!d?.isValid) throw new RangeError(`not a date written YYYY-MM-DD: ${date}`);
  return d;
};

const open = (d: DateTime, holidays: HolidayCalendar): boolean =>
  d.weekday <= 5 && !holidays.has(d.toISODate() ?? "");

/** Whether `date` is a court day: a weekday that is not a holiday. */
export const isCourtDay = (date: string, holidays: HolidayCalendar): boolean =>
  open(parseDate(date), holidays);

/** More court days than this before a deadline is a typo, not a plan. */
export const MAX_COURT_DAYS = 1000;

/**
 * The date `n` court days before `deadline`, counting back over weekends and holidays (the
 * deadline itself is not counted). With n = 0: the deadline if it is a court day, else the court
 * day before it — work for a deadline on a closed day is planned before, never after.
 */
export const courtDaysBefore = (deadline: string, n: number, holidays: HolidayCalendar): string => {
  if (!Number.isInteger(n) || n < 0 || n > MAX_COURT_DAYS) {
    throw new RangeError(`court days must be a whole number from 0 to ${MAX_COURT_DAYS}, not ${n}`);
  }
  let day = parseDate(deadline);
  // A calendar closing every day would never let the count end.
  const limit = 3 * MAX_COURT_DAYS + 10;
  let steps = 0;
  const back = () => {
    day = day.minus({ days: 1 });
    if (++steps > limit) throw new RangeError(`no court days before ${deadline}`);
  };
  if (n === 0) while (!open(day, holidays)) back();
  for (let counted = 0; counted < n; ) {
    back();
    if (open(day, holidays)) counted += 1;
  }
  return day.toISODate() ?? deadline;
};

/** When the firm's working day ends: 17:00 in its zone. */
export const FIRM_DAY_END_MINUTES = 17 * 60;

/**
 * The due instant of work planned from a court deadline: the end of the firm's working day in
 * `zone`, `reviewCourtDays` court days before the deadline.
 */
export const courtDeadlineDueAt = (
  deadline: string,
  reviewCourtDays: number,
  holidays: HolidayCalendar,
  zone: string,
  dayEndMinutes: number = FIRM_DAY_END_MINUTES,
): Date => {
  const day = parseDate(courtDaysBefore(deadline, reviewCourtDays, holidays));
  const end = DateTime.fromObject(
    {
      year: day.year,
      month: day.month,
      day: day.day,
      hour: Math.floor(dayEndMinutes / 60),
      minute: dayEndMinutes % 60,
    },
    { zone },
  );
  if (!end.isValid) throw new RangeError(`not a time zone: ${zone}`);
  return end.toJSDate();
};

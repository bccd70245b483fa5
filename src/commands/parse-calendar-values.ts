import { DateTime } from "luxon";
import type { PeriodRef, WeekRef, WorkingHours } from "../domain/command.js";
import { WEEKDAYS, type Weekday } from "../domain/vocabulary.js";
import { convert, perLabel, q } from "./value-schemas.js";

/* The calendar's values a command accepts: dates, working hours and days, weeks and months. */

/** A real calendar date written YYYY-MM-DD. */
export const isIsoDate = (s: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) && DateTime.fromISO(s, { zone: "utc" }).isValid;

const isoDateSchema = (label: string) =>
  convert(
    (s) => (isIsoDate(s) ? s : undefined),
    (s) => `${label}: wants a date written YYYY-MM-DD, like ${label}:2026-01-15, not ${q(s)}.`,
  );

/**
 * `hours:09:00-18:00` → minutes of the day; 24:00 may end the day. An end before the start is a
 * shift across midnight (`hours:21:00-06:00`, on the days it starts); an equal one is no shift.
 */
const HOURS_FORMAT = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/;
export const workingHours = convert(
  (s): WorkingHours | undefined => {
    const m = HOURS_FORMAT.exec(s);
    if (!m) return undefined;
    const start = clock(m[1], m[2]);
    const end = clock(m[3], m[4]);
    if (start === undefined || end === undefined || start === 24 * 60 || start === end) return undefined;
    return { start, end };
  },
  (s) => {
    const m = HOURS_FORMAT.exec(s.trim());
    const empty = m !== null && clock(m[1], m[2]) !== undefined && clock(m[1], m[2]) === clock(m[3], m[4]);
    return empty
      ? `hours: ${q(s)} starts and ends at the same time; give a shift some length, like hours:09:00-18:00 (or hours:21:00-06:00 for a night shift).`
      : `hours: wants a start and an end in 24-hour time, like hours:09:00-18:00 (or hours:21:00-06:00 for a night shift), not ${q(s)}.`;
  },
);

function clock(h: string | undefined, m: string | undefined): number | undefined {
  const minutes = Number(h) * 60 + Number(m);
  if (Number(m) >= 60 || minutes > 24 * 60) return undefined;
  return minutes;
}

/** `days:mon-fri`, `days:mon,wed,fri`, `days:sat-sun`, `days:mon-wed,fri`; fri-mon wraps. */
export const workDays = convert(
  (s): Weekday[] | undefined => {
    const chosen = new Set<Weekday>();
    for (const part of s.toLowerCase().split(",")) {
      const [from, to, extra] = part.split("-");
      const a = weekday(from);
      const b = to === undefined ? a : weekday(to);
      if (a === undefined || b === undefined || extra !== undefined) return undefined;
      const ia = WEEKDAYS.indexOf(a);
      const span = (WEEKDAYS.indexOf(b) - ia + 7) % 7;
      for (let k = 0; k <= span; k += 1) {
        const day = WEEKDAYS[(ia + k) % 7];
        if (day) chosen.add(day);
      }
    }
    return WEEKDAYS.filter((d) => chosen.has(d));
  },
  (s) => `days: wants days like days:mon-fri, days:mon,wed,fri or days:sat-sun, not ${q(s)}.`,
);

const DAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

function weekday(s: string | undefined): Weekday | undefined {
  if (s === undefined) return undefined;
  const i = DAY_NAMES.findIndex((name) => name === s || name.slice(0, 3) === s);
  return WEEKDAYS[i];
}

const parseWeek = (s: string): WeekRef | undefined => {
  const v = s.toLowerCase();
  if (v === "this" || v === "last") return { kind: v };
  const m = /^(\d{4})-?w(\d{1,2})$/.exec(v);
  if (!m) return undefined;
  const year = Number(m[1]);
  const wk = Number(m[2]);
  const weeks = DateTime.fromObject({ weekYear: year, weekNumber: 1 }, { zone: "utc" }).weeksInWeekYear;
  if (year < 1970 || wk < 1 || wk > weeks) return undefined;
  return { kind: "iso", year, week: wk };
};

/** `this`, `last` or an ISO week `2026-W48`. */
export const week = convert(
  parseWeek,
  (s) => `hours wants this, last or an ISO week like 2026-W48 (weeks 1 to 52 or 53), not ${q(s)}.`,
);

/** A week (`this`, `last`, `2026-W48`) or a calendar month (`2026-12`). */
export const period = convert(
  (s): PeriodRef | undefined => {
    const m = /^(\d{4})-(\d{2})$/.exec(s);
    if (!m) return parseWeek(s);
    const year = Number(m[1]);
    const month = Number(m[2]);
    return year >= 1970 && month >= 1 && month <= 12 ? { kind: "month", year, month } : undefined;
  },
  (s) => `Give a period as this, last, a week like 2026-W48 or a month like 2026-12, not ${q(s)}.`,
);

export const isoDate = perLabel(isoDateSchema);

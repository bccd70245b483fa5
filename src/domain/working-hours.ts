import type { DateTime } from "luxon";
import { WEEKDAYS } from "./vocabulary.js";
import {
  plusDays,
  startOfDay,
  type Wall,
  wallAt,
  wallFrom,
  weekdayOf,
  type ZoneClock,
  zoneClock,
} from "./zone-clock.js";

type WallFields = Pick<Wall, "year" | "month" | "day">;

/**
 * A person's working time: minutes of their local day, and the days they work ("mon"…).
 * A shift may cross midnight: workStart 21:00 (1260) and workEnd 06:00 (360) is a night shift,
 * and workDays are the days a shift STARTS ("fri" is Friday 21:00 to Saturday 06:00).
 * workEnd 24:00 (1440) ends the shift at the next midnight. Equal start and end is no shift at
 * all (the command refuses it). See docs/time.md.
 */
export interface WorkingTime {
  tz: string;
  workStart: number;
  workEnd: number;
  workDays: readonly string[];
}

/** One working period: `start` inclusive, `end` exclusive. */
export interface Shift {
  start: Date;
  end: Date;
}

const DAY_MINUTES = 24 * 60;

/** A shift runs on past midnight into the next day when its end is before its start (21:00-06:00). */
export const crossesMidnight = (p: Pick<WorkingTime, "workStart" | "workEnd">): boolean =>
  p.workEnd < p.workStart;

/** Whether the person has any working time at all (some day, some length). */
export const hasWorkingTime = (p: Pick<WorkingTime, "workStart" | "workEnd" | "workDays">): boolean =>
  p.workStart !== p.workEnd && p.workDays.some((d) => (WEEKDAYS as readonly string[]).includes(d));

const dayKey = (w: WallFields): string => WEEKDAYS[weekdayOf(w) - 1] ?? "";

/*
 * The arithmetic below is luxon's, done by src/domain/zone-clock.ts without DateTime objects and
 * with the zone's offsets remembered: it runs on every command (docs/performance.md).
 */

/**
 * `minutes` after the start of local `day` on the wall clock. A wall time that does not exist
 * (spring-forward gap) moves forward with the clock; one that happens twice takes luxon's choice.
 */
const wallTime = (clock: ZoneClock, day: Wall, minutes: number): Wall => {
  const date = plusDays(clock, day, Math.floor(minutes / DAY_MINUTES));
  const m = minutes % DAY_MINUTES;
  return wallFrom(clock, {
    year: date.year,
    month: date.month,
    day: date.day,
    hour: Math.floor(m / 60),
    minute: m % 60,
  });
};

/** The shift that starts on a calendar day of the person's zone, if it is a working day. */
const shiftOnDay = (clock: ZoneClock, day: WallFields, person: WorkingTime): Shift | undefined => {
  if (!clock.valid || person.workStart === person.workEnd) return undefined;
  const date = wallFrom(clock, { year: day.year, month: day.month, day: day.day });
  if (!person.workDays.includes(dayKey(date))) return undefined;
  const endMinutes = crossesMidnight(person) ? person.workEnd + DAY_MINUTES : person.workEnd;
  const start = wallTime(clock, date, person.workStart);
  const end = wallTime(clock, date, endMinutes);
  if (!Number.isFinite(start.ts) || !Number.isFinite(end.ts) || end.ts <= start.ts) return undefined;
  return { start: new Date(start.ts), end: new Date(end.ts) };
};

/** The shift that starts on the calendar day of `day` (its year, month and day), if it is a working day. */
export const shiftStartingOn = (day: DateTime, person: WorkingTime): Shift | undefined =>
  day.isValid ? shiftOnDay(zoneClock(person.tz), day, person) : undefined;

/** The local day of `instant` in the person's zone, at its start; undefined for an invalid zone or instant. */
const localDayOf = (clock: ZoneClock, instant: Date): Wall | undefined => {
  const ts = instant.getTime();
  if (!clock.valid || !Number.isFinite(ts)) return undefined;
  return startOfDay(clock, wallAt(clock, ts));
};

/**
 * The person's shifts in order, from the one that starts on the local day before `instant`
 * (it may still be running: a night shift) for `days` days. Empty for an invalid zone.
 */
export function* shiftsFrom(instant: Date, person: WorkingTime, days: number): Generator<Shift> {
  const clock = zoneClock(person.tz);
  const today = localDayOf(clock, instant);
  if (!today) return;
  const first = plusDays(clock, today, -1);
  for (let i = 0; i < days; i += 1) {
    const shift = shiftOnDay(clock, plusDays(clock, first, i), person);
    if (shift) yield shift;
  }
}

/** The person's shifts in reverse order, from the one that starts on the local day of `instant`, for `days` days. */
export function* shiftsBackFrom(instant: Date, person: WorkingTime, days: number): Generator<Shift> {
  const clock = zoneClock(person.tz);
  const first = localDayOf(clock, instant);
  if (!first) return;
  for (let i = 0; i < days; i += 1) {
    const shift = shiftOnDay(clock, plusDays(clock, first, -i), person);
    if (shift) yield shift;
  }
}

/** Ten days of shifts cover "the shift in progress" through "the same weekday next week". */
const WEEK_AHEAD = 10;

/** The shift in progress at `instant`, if any. */
export const shiftAt = (instant: Date, person: WorkingTime): Shift | undefined => {
  const t = instant.getTime();
  for (const shift of shiftsFrom(instant, person, 2)) {
    if (shift.start.getTime() <= t && t < shift.end.getTime()) return shift;
  }
  return undefined;
};

/** Whether `instant` falls in the person's working hours: start inclusive, end exclusive. */
export const isWithinWorkingHours = (instant: Date, person: WorkingTime): boolean =>
  shiftAt(instant, person) !== undefined;

/**
 * The start of the next working period at or after `instant`: `instant` itself when it is
 * already inside working hours (nothing to wait for), otherwise the next shift's start in the
 * person's zone. A start that falls in a DST gap moves forward with the clock.
 * With no working days (or an empty shift) there is nothing to wait for, so `instant` is
 * returned: an alert hold must never become an alert that is never sent.
 */
export const nextWorkingStart = (instant: Date, person: WorkingTime): Date => {
  if (isWithinWorkingHours(instant, person)) return instant;
  for (const shift of shiftsFrom(instant, person, WEEK_AHEAD)) {
    if (shift.start.getTime() >= instant.getTime()) return shift.start;
  }
  return instant;
};

/**
 * The end of the person's working day as of `instant`: the end of the shift in progress, else
 * the end of the next shift (a day worker at 07:00 → 18:00 today; at 19:00 → 18:00 on the next
 * working day; a night worker at 03:00 → 06:00 this morning). Undefined with no working time.
 */
export const endOfWorkingDay = (instant: Date, person: WorkingTime): Date | undefined => {
  for (const shift of shiftsFrom(instant, person, WEEK_AHEAD)) {
    if (shift.end.getTime() > instant.getTime()) return shift.end;
  }
  return undefined;
};

const hhmm = (m: number): string =>
  `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

const DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** "Monday to Friday", "every day", "Monday, Wednesday and Friday", "Sunday to Thursday". */
export const workDaysWords = (days: readonly string[]): string => {
  const on = WEEKDAYS.map((d) => days.includes(d));
  const count = on.filter(Boolean).length;
  if (count === 0) return "no day";
  if (count === 7) return "every day";
  // One run of days in a row, perhaps across Sunday → Monday: "Sunday to Thursday".
  const starts = on.flatMap((x, i) => (x && !on[(i + 6) % 7] ? [i] : []));
  const first = starts[0];
  if (starts.length === 1 && first !== undefined && count > 2) {
    return `${DAY_NAMES[first]} to ${DAY_NAMES[(first + count - 1) % 7]}`;
  }
  const names = DAY_NAMES.filter((_, i) => on[i]);
  return names.length === 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
};

/** "09:00-18:00 Monday to Friday", or for a night shift "21:00-06:00 overnight, starting Monday to Friday". */
export const formatWorkingHours = (p: Pick<WorkingTime, "workStart" | "workEnd" | "workDays">): string =>
  `${hhmm(p.workStart)}-${hhmm(p.workEnd)} ${crossesMidnight(p) ? "overnight, starting " : ""}${workDaysWords(p.workDays)}`;

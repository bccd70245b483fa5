import { DateTime } from "luxon";
import { WEEKDAYS } from "./vocabulary.js";
import type { WorkingTime } from "./working-hours.js";

/*
 * Clocks that run only while a person works: "not acknowledged within 4h of the assignee's
 * working time" means four hours of their shifts, not of the night they sleep through. A shift
 * may cross midnight (21:00-06:00): it belongs to the day it starts. A person with no working
 * time at all has nothing to pause for: their clock runs on wall time, so an alert on it comes
 * late rather than never. See docs/supervision.md.
 */

/** One working period: `start` inclusive, `end` exclusive. */
export interface Shift {
  start: Date;
  end: Date;
}

const DAY_MINUTES = 1440;
const MINUTE_MS = 60_000;

export const hasWorkingTime = (p: Pick<WorkingTime, "workStart" | "workEnd" | "workDays">): boolean =>
  p.workStart !== p.workEnd && p.workDays.some((d) => (WEEKDAYS as readonly string[]).includes(d));

/** `minutes` after the start of the local `day`, on the wall clock (a DST gap moves it forward). */
const wallTime = (day: DateTime, minutes: number, zone: string): DateTime => {
  const date = day.plus({ days: Math.floor(minutes / DAY_MINUTES) });
  const m = minutes % DAY_MINUTES;
  return DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day, hour: Math.floor(m / 60), minute: m % 60 },
    { zone },
  );
};

const shiftOn = (day: DateTime, p: WorkingTime): Shift | undefined => {
  if (!p.workDays.includes(WEEKDAYS[day.weekday - 1] ?? "")) return undefined;
  const endMinutes = p.workEnd <= p.workStart ? p.workEnd + DAY_MINUTES : p.workEnd;
  const start = wallTime(day, p.workStart, p.tz);
  const end = wallTime(day, endMinutes, p.tz);
  if (!start.isValid || !end.isValid || end <= start) return undefined;
  return { start: start.toJSDate(), end: end.toJSDate() };
};

/**
 * The person's shifts for `days` days from the local day before `instant` (a night shift that
 * started then may still run), forwards; or backwards from the local day of `instant`.
 */
export function* shiftsAround(
  instant: Date,
  p: WorkingTime,
  days: number,
  direction: "forward" | "backward",
): Generator<Shift> {
  if (!hasWorkingTime(p)) return;
  const local = DateTime.fromJSDate(instant, { zone: p.tz });
  if (!local.isValid) return;
  const first = local.startOf("day").minus({ days: direction === "forward" ? 1 : 0 });
  for (let i = 0; i < days; i += 1) {
    const shift = shiftOn(first.plus({ days: direction === "forward" ? i : -i }), p);
    if (shift) yield shift;
  }
}

/** Minutes of the person's working time between `from` and `to` (0 when `to` is not after `from`). */
export const workingMinutesBetween = (p: WorkingTime, from: Date, to: Date): number => {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  if (!hasWorkingTime(p)) return (b - a) / MINUTE_MS;
  let ms = 0;
  for (const shift of shiftsAround(from, p, Math.ceil((b - a) / 86_400_000) + 3, "forward")) {
    const start = Math.max(a, shift.start.getTime());
    const end = Math.min(b, shift.end.getTime());
    if (end > start) ms += end - start;
  }
  return ms / MINUTE_MS;
};

/** No acknowledgement window outlasts a year of shifts. */
const MAX_DAYS = 366;

/**
 * The instant at which `minutes` of the person's working time have passed since `from`: the
 * clock stops between shifts. Undefined only if a year of shifts does not hold that much time.
 */
export const addWorkingMinutes = (p: WorkingTime, from: Date, minutes: number): Date | undefined => {
  const a = from.getTime();
  let left = minutes * MINUTE_MS;
  if (left <= 0) return from;
  if (!hasWorkingTime(p)) return new Date(a + left);
  for (const shift of shiftsAround(from, p, MAX_DAYS, "forward")) {
    const end = shift.end.getTime();
    if (end <= a) continue;
    const start = Math.max(a, shift.start.getTime());
    if (end - start >= left) return new Date(start + left);
    left -= end - start;
  }
  return undefined;
};

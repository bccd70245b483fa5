import { DateTime } from "luxon";
import { WEEKDAYS } from "./vocabulary.js";

/** A person's working time: minutes of their local day, and the days they work ("mon"…). */
export interface WorkingTime {
  tz: string;
  workStart: number;
  workEnd: number;
  workDays: readonly string[];
}

const dayKey = (local: DateTime): string | undefined => WEEKDAYS[local.weekday - 1];

/** Whether `instant` falls in the person's working hours: start inclusive, end exclusive. */
export function isWithinWorkingHours(instant: Date, person: WorkingTime): boolean {
  const local = DateTime.fromJSDate(instant, { zone: person.tz });
  if (!local.isValid) return false;
  const day = dayKey(local);
  if (day === undefined || !person.workDays.includes(day)) return false;
  const minute = local.hour * 60 + local.minute + local.second / 60 + local.millisecond / 60_000;
  return minute >= person.workStart && minute < person.workEnd;
}

/**
 * The start of the next working period at or after `instant`: `instant` itself when it is
 * already inside working hours (nothing to wait for), otherwise the next working day's start
 * in the person's zone. A start that falls in a DST gap moves forward with the clock.
 * With no working days (or an empty day) there is nothing to wait for, so `instant` is
 * returned: an alert hold must never become an alert that is never sent.
 */
export function nextWorkingStart(instant: Date, person: WorkingTime): Date {
  if (isWithinWorkingHours(instant, person)) return instant;
  const local = DateTime.fromJSDate(instant, { zone: person.tz });
  if (!local.isValid || person.workStart >= person.workEnd) return instant;
  // Eight days covers "later today" through "the same weekday next week".
  for (let offset = 0; offset <= 7; offset += 1) {
    const day = local.startOf("day").plus({ days: offset });
    if (!person.workDays.includes(dayKey(day) ?? "")) continue;
    const start = DateTime.fromObject(
      {
        year: day.year,
        month: day.month,
        day: day.day,
        hour: Math.floor(person.workStart / 60),
        minute: person.workStart % 60,
      },
      { zone: person.tz },
    );
    if (start.isValid && start.toMillis() >= instant.getTime()) return start.toJSDate();
  }
  return instant;
}

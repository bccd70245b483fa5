import { formatNearLocal } from "./local-time-format.js";
import type { WorkingTime } from "./working-hours.js";
import { shiftsAround } from "./working-time-elapsed.js";

/*
 * What the other side of a hand-off needs to know when the person they wrote to is off shift:
 * when they are back, and how much of their working time is left before a due time.
 */

/** A fortnight of shifts: enough to find the next one after any weekend or a week off. */
const LOOK_DAYS = 15;

/** When the person, off shift at `now`, starts their next shift; undefined while they work (or never do). */
export const offUntil = (p: WorkingTime, now: Date): Date | undefined => {
  const t = now.getTime();
  for (const shift of shiftsAround(now, p, LOOK_DAYS, "forward")) {
    if (shift.end.getTime() <= t) continue;
    return shift.start.getTime() <= t ? undefined : shift.start;
  }
  return undefined;
};

/**
 * Where the person's working time before `due` runs out: `due` itself when they are working at
 * that moment, else the end of their last shift before it. Undefined with no shift in the fortnight before.
 */
export const lastWorkingMinuteBefore = (p: WorkingTime, due: Date): Date | undefined => {
  const t = due.getTime();
  // Backward from the due day; a night shift that started the day before comes second.
  const shifts = [...shiftsAround(due, p, LOOK_DAYS, "backward")].filter((s) => s.start.getTime() < t);
  shifts.sort((a, b) => b.start.getTime() - a.start.getTime());
  const last = shifts[0];
  if (!last) return undefined;
  return last.end.getTime() >= t ? due : last.end;
};

/** "mark is off until 7:00 PM CST", in the reader's zone; undefined when mark is working. */
export const offShiftNote = (
  name: string,
  p: WorkingTime,
  now: Date,
  viewerZone: string,
): string | undefined => {
  const back = offUntil(p, now);
  return back ? `${name} is off until ${formatNearLocal(back, viewerZone, now)}` : undefined;
};

import { formatNearLocal } from "./local-time-format.js";
import { isWithinWorkingHours, nextWorkingStart, shiftsBackFrom, type WorkingTime } from "./working-hours.js";

/*
 * What the other side of a hand-off needs to know when the person they wrote to is off shift:
 * when they are back, and how much of their working time is left before a due time.
 */

/**
 * When the person, off shift at `now`, starts their next shift. Undefined when they are working
 * now, or have no working time at all (nobody to wait for).
 */
export const offUntil = (person: WorkingTime, now: Date): Date | undefined => {
  if (isWithinWorkingHours(now, person)) return undefined;
  const back = nextWorkingStart(now, person);
  return back.getTime() > now.getTime() ? back : undefined;
};

/** Shifts are looked for this far back from a due time (a week, and a day for a night shift). */
const LOOKBACK_DAYS = 9;

/**
 * Where the person's working time before `due` runs out: `due` itself when they are working at
 * that moment (they can work right up to it), else the end of their last shift before it (a
 * day worker 09:00-18:00 with work due at 20:00 stops at 18:00). Compare with `now` to tell a
 * shift still ahead from one already over. Undefined with no shift in the week before.
 */
export const lastWorkingMinuteBefore = (person: WorkingTime, due: Date): Date | undefined => {
  const t = due.getTime();
  for (const shift of shiftsBackFrom(due, person, LOOKBACK_DAYS)) {
    if (shift.start.getTime() >= t) continue;
    return shift.end.getTime() >= t ? due : shift.end;
  }
  return undefined;
};

/**
 * "mark is off until 7:00 PM CST", in the reader's zone (`viewerZone`), or undefined when
 * `name` is working at `now` (or has no working hours to be off from).
 */
export const offShiftNote = (
  name: string,
  person: WorkingTime,
  now: Date,
  viewerZone: string,
): string | undefined => {
  const back = offUntil(person, now);
  return back ? `${name} is off until ${formatNearLocal(back, viewerZone, now)}` : undefined;
};

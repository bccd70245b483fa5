import { hasWorkingTime, shiftsFrom, type WorkingTime } from "./working-hours.js";

/*
 * Clocks that run only while a person works: "not acknowledged within 4h of the assignee's
 * working time" means four hours of their shifts, not four hours of the night they sleep through.
 * A person with no working time at all has nothing to pause for: their clock runs on wall time,
 * so an alert on it is late rather than never sent.
 */

const MINUTE_MS = 60_000;
/** The furthest ahead a clock is followed (a year): no acknowledgement window is longer. */
const MAX_DAYS = 366;

/** Minutes of the person's working time between `from` and `to` (0 when `to` is not after `from`). */
export const workingMinutesBetween = (person: WorkingTime, from: Date, to: Date): number => {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  if (!hasWorkingTime(person)) return (b - a) / MINUTE_MS;
  // Shifts starting from the day before `from` through the day of `to` (plus one for DST slack).
  const days = Math.ceil((b - a) / 86_400_000) + 3;
  let ms = 0;
  for (const shift of shiftsFrom(from, person, days)) {
    const start = Math.max(a, shift.start.getTime());
    const end = Math.min(b, shift.end.getTime());
    if (end > start) ms += end - start;
  }
  return ms / MINUTE_MS;
};

/**
 * The instant at which `minutes` of the person's working time have passed since `from`: the
 * clock stops between shifts and resumes at the next one. `from` itself when `minutes` ≤ 0.
 * Undefined only if a year of shifts does not hold that much time.
 */
export const addWorkingMinutes = (person: WorkingTime, from: Date, minutes: number): Date | undefined => {
  const a = from.getTime();
  let left = minutes * MINUTE_MS;
  if (left <= 0) return from;
  if (!hasWorkingTime(person)) return new Date(a + left);
  // shiftsFrom is lazy: only the shifts up to the answer are made.
  for (const shift of shiftsFrom(from, person, MAX_DAYS)) {
    const end = shift.end.getTime();
    if (end <= a) continue;
    const start = Math.max(a, shift.start.getTime());
    if (end - start >= left) return new Date(start + left);
    left -= end - start;
  }
  return undefined;
};

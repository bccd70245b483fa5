import { formatNearLocal } from "../domain/local-time-format.js";
import { lastWorkingMinuteBefore, offUntil } from "../domain/off-shift.js";
import type { WorkingTime } from "../domain/working-hours.js";

/*
 * Replies to a hand-off (assign, changes, ask, reassign) say when the other side is off shift,
 * in the speaker's zone: "mark is off until 7:00 PM CST." With a due time, they also say how much
 * of the assignee's working time is left before it — a supervisor who writes "fix before 5pm"
 * at 9:30 learns at once that mark's next shift starts after 5pm.
 */
export const offShiftLines = (
  other: WorkingTime & { displayName: string },
  now: Date,
  readerTz: string,
  due?: Date,
): string[] => {
  const back = offUntil(other, now);
  if (!back) return [];
  const name = other.displayName;
  const lines = [`${name} is off until ${formatNearLocal(back, readerTz, now)}.`];
  if (due && due.getTime() > now.getTime()) {
    const last = lastWorkingMinuteBefore(other, due);
    const dueText = formatNearLocal(due, readerTz, now);
    if (!last || last.getTime() <= now.getTime()) {
      lines.push(`${name} has no working time left before it is due (${dueText}).`);
    } else if (last.getTime() < due.getTime()) {
      lines.push(
        `Before it is due (${dueText}), ${name} works until ${formatNearLocal(last, readerTz, now)}.`,
      );
    }
  }
  return lines;
};

import { DateTime } from "luxon";
import type { WeekRef } from "./command.js";

export interface WeekBounds {
  start: Date;
  end: Date;
  /** ISO week label, e.g. "2026-W48". */
  label: string;
}

/** Weeks run Monday 00:00 to Monday 00:00 in the firm's zone (ISO weeks). */
export const weekBounds = (ref: WeekRef, now: Date, zone: string): WeekBounds => {
  const here = DateTime.fromJSDate(now, { zone });
  const monday =
    ref.kind === "iso"
      ? DateTime.fromObject({ weekYear: ref.year, weekNumber: ref.week, weekday: 1 }, { zone })
      : here.minus({ weeks: ref.kind === "last" ? 1 : 0 }).startOf("week");
  const start = monday.startOf("day");
  const end = start.plus({ weeks: 1 });
  return {
    start: start.toJSDate(),
    end: end.toJSDate(),
    label: `${start.weekYear}-W${String(start.weekNumber).padStart(2, "0")}`,
  };
};

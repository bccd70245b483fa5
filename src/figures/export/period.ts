import { DateTime } from "luxon";
import type { PeriodRef } from "../../domain/command.js";
import { weekBounds } from "../../domain/weeks.js";

export interface PeriodBounds {
  start: Date;
  /** Exclusive. */
  end: Date;
  /** "2026-W49" or "2026-12". */
  label: string;
  /** First and last day, YYYY-MM-DD, in the firm's zone. */
  firstDay: string;
  lastDay: string;
}

/** A week (Monday to Monday) or a calendar month, in the firm's zone. */
export const periodBounds = (ref: PeriodRef, now: Date, zone: string): PeriodBounds => {
  let start: DateTime;
  let end: DateTime;
  let label: string;
  if (ref.kind === "month") {
    start = DateTime.fromObject({ year: ref.year, month: ref.month, day: 1 }, { zone });
    end = start.plus({ months: 1 });
    label = start.toFormat("yyyy-LL");
  } else {
    const week = weekBounds(ref, now, zone);
    start = DateTime.fromJSDate(week.start, { zone });
    end = DateTime.fromJSDate(week.end, { zone });
    label = week.label;
  }
  return {
    start: start.toJSDate(),
    end: end.toJSDate(),
    label,
    firstDay: start.toISODate() ?? "",
    lastDay: end.minus({ days: 1 }).toISODate() ?? "",
  };
};

import { DateTime } from "luxon";

/**
 * The US federal holidays of 5 U.S.C. 6103(a), with the days they are observed (6103(b)): a
 * holiday on a Saturday is observed the Friday before, one on a Sunday the Monday after. These
 * are the days federal courts are closed (FRCP 6(a)(6)(A)). See docs/time.md.
 *
 * - Rules as they stand since the Uniform Monday Holiday Act took effect (1971); Veterans Day
 *   was the fourth Monday of October from 1971 to 1977; Martin Luther King Jr. Day is counted
 *   from 1986, Juneteenth from 2021.
 * - Inauguration Day (20 January after a presidential election) is left out: it is a holiday
 *   only for federal employees in and around Washington, D.C., and courts elsewhere stay open.
 *   A firm near D.C. records it with `holiday add`. Days declared by the President one at a
 *   time (e.g. a day of mourning) are not computable and are added the same way.
 */
export interface Holiday {
  /** The day off, YYYY-MM-DD: the observed day when the holiday falls on a weekend. */
  date: string;
  name: string;
}

export const FIRST_RULE_YEAR = 1971;

const iso = (d: DateTime): string => d.toISODate() ?? "";

/** The n-th (1-based) given weekday (1 = Monday) of a month; n = -1 is the last. */
const nthWeekday = (year: number, month: number, weekday: number, n: number): DateTime => {
  if (n < 0) {
    const last = DateTime.utc(year, month, 1).endOf("month").startOf("day");
    return last.minus({ days: (last.weekday - weekday + 7) % 7 });
  }
  const first = DateTime.utc(year, month, 1);
  return first.plus({ days: ((weekday - first.weekday + 7) % 7) + (n - 1) * 7 });
};

/** Saturday → the Friday before; Sunday → the Monday after. */
const observed = (d: DateTime): DateTime =>
  d.weekday === 6 ? d.minus({ days: 1 }) : d.weekday === 7 ? d.plus({ days: 1 }) : d;

/** The holidays of `year` as they fall, before weekend observance. */
const actualDays = (year: number): { day: DateTime; name: string; fixed: boolean }[] => {
  const fixed = (month: number, day: number, name: string) => ({
    day: DateTime.utc(year, month, day),
    name,
    fixed: true,
  });
  const monday = (month: number, n: number, name: string) => ({
    day: nthWeekday(year, month, 1, n),
    name,
    fixed: false,
  });
  return [
    fixed(1, 1, "New Year's Day"),
    ...(year >= 1986 ? [monday(1, 3, "Birthday of Martin Luther King, Jr.")] : []),
    monday(2, 3, "Washington's Birthday"),
    monday(5, -1, "Memorial Day"),
    ...(year >= 2021 ? [fixed(6, 19, "Juneteenth National Independence Day")] : []),
    fixed(7, 4, "Independence Day"),
    monday(9, 1, "Labor Day"),
    monday(10, 2, "Columbus Day"),
    year <= 1977 ? monday(10, 4, "Veterans Day") : fixed(11, 11, "Veterans Day"),
    { day: nthWeekday(year, 11, 4, 4), name: "Thanksgiving Day", fixed: false },
    fixed(12, 25, "Christmas Day"),
  ];
};

/**
 * The federal days off that fall in `year`, in date order. When New Year's Day of the next year
 * is a Saturday, its observed day (31 December) is in this year's list, and not in the next's.
 */
export const usFederalHolidays = (year: number): Holiday[] => {
  if (!Number.isInteger(year) || year < FIRST_RULE_YEAR || year > 9998) {
    throw new RangeError(`US federal holidays are computed for ${FIRST_RULE_YEAR} to 9998, not ${year}`);
  }
  const days: Holiday[] = [];
  for (const h of [...actualDays(year), ...actualDays(year + 1).slice(0, 1)]) {
    const off = h.fixed ? observed(h.day) : h.day;
    if (off.year !== year) continue;
    days.push({ date: iso(off), name: off.equals(h.day) ? h.name : `${h.name} (observed)` });
  }
  return days.sort((a, b) => a.date.localeCompare(b.date));
};

import { DateTime } from "luxon";

/**
 * The US federal holidays of 5 U.S.C. 6103(a) as federal courts observe them (FRCP 6(a)(6)(A)):
 * one on a Saturday is observed the Friday before, one on a Sunday the Monday after (6103(b)).
 * Computed for any year from the rules in force since 1971 (Uniform Monday Holiday Act);
 * Martin Luther King Jr. Day counts from 1986, Juneteenth from 2021. Inauguration Day is left out
 * (a holiday only around Washington, D.C.): a firm there adds it with `holiday add`.
 * See docs/supervision.md.
 */
export interface Holiday {
  /** The day off, YYYY-MM-DD: the observed day when the holiday falls on a weekend. */
  date: string;
  name: string;
}

export const FIRST_RULE_YEAR = 1971;
const LAST_YEAR = 9998;

/** The n-th (1-based) Monday…Sunday (1…7) of a month; n = -1 is the last one. */
const nthWeekday = (year: number, month: number, weekday: number, n: number): DateTime => {
  if (n < 0) {
    const last = DateTime.utc(year, month, 1).endOf("month").startOf("day");
    return last.minus({ days: (last.weekday - weekday + 7) % 7 });
  }
  const first = DateTime.utc(year, month, 1);
  return first.plus({ days: ((weekday - first.weekday + 7) % 7) + (n - 1) * 7 });
};

const observedDay = (d: DateTime): DateTime =>
  d.weekday === 6 ? d.minus({ days: 1 }) : d.weekday === 7 ? d.plus({ days: 1 }) : d;

/** The holidays of `year` on their own dates; `fixed` ones move off weekends, Monday ones never fall on one. */
const holidaysOf = (year: number): { day: DateTime; name: string; fixed: boolean }[] => {
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
    ...(year >= 1986 ? [monday(1, 3, "Martin Luther King Jr. Day")] : []),
    monday(2, 3, "Washington's Birthday"),
    monday(5, -1, "Memorial Day"),
    ...(year >= 2021 ? [fixed(6, 19, "Juneteenth")] : []),
    fixed(7, 4, "Independence Day"),
    monday(9, 1, "Labor Day"),
    monday(10, 2, "Columbus Day"),
    year <= 1977 ? monday(10, 4, "Veterans Day") : fixed(11, 11, "Veterans Day"),
    { day: nthWeekday(year, 11, 4, 4), name: "Thanksgiving Day", fixed: false },
    fixed(12, 25, "Christmas Day"),
  ];
};

/**
 * The federal days off falling in `year`, in date order. New Year's Day of the next year on a
 * Saturday is observed on 31 December: it is in this year's list.
 */
export const usFederalHolidays = (year: number): Holiday[] => {
  if (!Number.isInteger(year) || year < FIRST_RULE_YEAR || year > LAST_YEAR) {
    throw new RangeError(
      `US federal holidays are computed for ${FIRST_RULE_YEAR} to ${LAST_YEAR}, not ${year}`,
    );
  }
  const nextNewYear = holidaysOf(year + 1)[0];
  const days: Holiday[] = [];
  for (const h of [...holidaysOf(year), ...(nextNewYear ? [nextNewYear] : [])]) {
    const off = h.fixed ? observedDay(h.day) : h.day;
    if (off.year !== year) continue;
    days.push({ date: off.toISODate() ?? "", name: off.equals(h.day) ? h.name : `${h.name} (observed)` });
  }
  return days.sort((a, b) => a.date.localeCompare(b.date));
};

// English only: the full package loads every language (+22 MB resident) for phrases we never read.
import * as chrono from "chrono-node/en";
import { DateTime } from "luxon";
import { DelegateError } from "./errors.js";
import { formatLocal } from "./local-time-format.js";
import { WEEKDAYS } from "./vocabulary.js";
import { endOfWorkingDay, hasWorkingTime, shiftStartingOn, type WorkingTime } from "./working-hours.js";

// Replies format due times with it; it lives with the other formatting.
export { formatLocal } from "./local-time-format.js";

/** Time of day used when the text names a day but no time ("fri", "tomorrow"): end of business. */
export const DEFAULT_DUE_HOUR = 17;

/** The speaker's working hours, for "eod" (minutes of their local day, days their shift starts). */
export type SpeakerHours = Pick<WorkingTime, "workStart" | "workEnd" | "workDays">;

/** Whose hours "eod" means when the speaker's are not known: 09:00-17:00, Monday to Friday. */
export const DEFAULT_SPEAKER_HOURS: SpeakerHours = {
  workStart: 9 * 60,
  workEnd: DEFAULT_DUE_HOUR * 60,
  workDays: ["mon", "tue", "wed", "thu", "fri"],
};

/** "eod", "end of day", "end of the business day", "cob", "close of business", "eob". */
const END_OF_DAY =
  /\b(?:eod|eob|cob|end\s+of\s+(?:the\s+)?(?:(?:working|work|business)\s+)?day|end\s+of\s+business|close\s+of\s+business)\b/i;

/** Words people put around a time that chrono leaves unparsed ("by fri 5pm", "due tomorrow"). */
const FILLER = /^(?:by|at|on|before|due|until|till|the|of|[\s,.;:!-])*$/i;

/** Words that point back in time: such a phrase names the past and is never moved forward. */
const BACKWARD = /\b(?:last|past|previous|prev|ago|yesterday)\b/i;

/** A clock time written with a leading zero ("05:00", "T05:00"): 24-hour time, taken as written. */
const LEADING_ZERO_TIME = /(?:^|\D)0\d:\d\d/;

/** A bare hour up to this one, with no am/pm, is afternoon or evening (see assumedPm). */
const LAST_ASSUMED_PM_HOUR = 7;

const EXAMPLES = '"fri 5pm", "tomorrow 9am", "eod" or "2026-12-04 17:00"';

const unreadable = (input: string): DelegateError =>
  new DelegateError("invalid", `I could not read "${short(input)}" as a due time. Try ${EXAMPLES}.`, {
    fields: { due: "Not a date and time I can read." },
  });

const inThePast = (input: string, instant: Date, zone: string): DelegateError =>
  new DelegateError(
    "invalid",
    `"${short(input)}" is in the past (it was ${formatLocal(instant, zone)}). Give a time still to come, like "fri 5pm", "tomorrow 9am" or "eod".`,
    { fields: { due: "That time is in the past." } },
  );

/**
 * "friday at 5" means 5 PM: within a working life nobody sets work due at 5 in the morning
 * by saying "at 5". So an hour from 1 to 7 with no am/pm, not written as 24-hour time with a
 * leading zero, is read as PM (1 → 13:00 … 7 → 19:00). "at 8" is 8 AM, "at 12" noon; "5am",
 * "5 in the morning" and "05:00" stay morning.
 */
const assumedPm = (start: chrono.ParsedResult["start"], written: string): boolean => {
  const hour = start.get("hour") ?? 0;
  return (
    start.isCertain("hour") &&
    !start.isCertain("meridiem") &&
    hour >= 1 &&
    hour <= LAST_ASSUMED_PM_HOUR &&
    !LEADING_ZERO_TIME.test(written)
  );
};

/** The speaker's hours for "eod": their own when usable, every day counted when they have no days. */
const speakerTime = (zone: string, hours: SpeakerHours | undefined): WorkingTime => {
  const h = hours && hours.workStart !== hours.workEnd ? hours : DEFAULT_SPEAKER_HOURS;
  return { tz: zone, ...h, workDays: hasWorkingTime(h) ? h.workDays : WEEKDAYS };
};

/** "2026-12-04 17:00" exactly: the form forms and scripts send. */
const EXACT_WALL_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/;

/**
 * The wall time of "YYYY-MM-DD HH:MM" in the zone (invalid when the date does not exist), read
 * without chrono, which costs more than the rest of an assign's parsing (docs/performance.md);
 * undefined for anything else, which chrono reads. Same answer as chrono's path: the day is
 * given, so nothing is moved forward, and a leading-zero or two-digit hour is never assumed PM
 * (tests/unit/due-time-exact.test.ts compares the two).
 */
const exactWallTime = (input: string, zone: string): DateTime | undefined => {
  const m = EXACT_WALL_TIME.exec(input);
  if (!m) return undefined;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (
    year < 1900 ||
    year > 2999 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 31 ||
    hour > 23 ||
    minute > 59
  )
    return undefined;
  return DateTime.fromObject({ year, month, day, hour, minute }, { zone });
};

/**
 * Reads a natural-language due time in the speaker's IANA zone and returns the instant it
 * names, refusing one in the past. The rules, with examples, are in docs/time.md:
 * - A phrase that points back ("yesterday", "last tuesday", "2 days ago") is never moved
 *   forward: it is refused. A weekday alone ("fri", "mon 9am") is the next such day whose time
 *   is still ahead; a time alone ("5pm") is today's, or tomorrow's once it has passed. A date
 *   that has passed ("dec 1 5pm" said on 2 Dec) is refused, not moved to next year.
 * - "eod", "end of day", "cob", "close of business" alone: the end of the speaker's working
 *   day (the shift in progress, or the next one once it has ended). With a day ("eod fri"):
 *   the end of that day's shift.
 * - A bare hour 1–7 is PM (assumedPm). With no time of day, 17:00 local.
 *
 * chrono-node does not understand IANA zone names, only fixed offsets, so we give it the
 * speaker's offset *now* and read back the wall-clock components it found, then build the
 * instant with luxon in the IANA zone, so a date on the other side of a DST change gets that
 * date's offset ("mon 9am" said on the Friday before spring-forward is 09:00 EDT).
 * - A wall time that does not exist (the spring-forward gap, e.g. 02:30) moves forward by the
 *   gap (03:30), which is what luxon does; the deadline never lands before what was asked.
 * - A wall time that happens twice (fall-back, e.g. 01:30) takes luxon's choice, the second
 *   occurrence (standard time): the later of the two, so no one is overdue early.
 * - Text with its own zone or offset ("2026-12-04T17:00Z", "5pm UTC") and relative text
 *   ("in 3 hours") name an exact instant; chrono marks those with a certain offset and we
 *   use its instant as it is.
 */
export function resolveDueTime(text: string, ctx: { now: Date; zone: string; hours?: SpeakerHours }): Date {
  const input = text.trim();
  const nowLocal = DateTime.fromJSDate(ctx.now, { zone: ctx.zone });
  if (input === "" || input.length > 200 || !nowLocal.isValid) throw unreadable(input);
  const speaker = speakerTime(ctx.zone, ctx.hours);

  const eod = END_OF_DAY.exec(input);
  const rest = eod ? `${input.slice(0, eod.index)} ${input.slice(eod.index + eod[0].length)}` : input;
  if (eod && FILLER.test(rest)) {
    const end = endOfWorkingDay(ctx.now, speaker);
    if (!end) throw unreadable(input);
    return end;
  }

  const exact = exactWallTime(input, ctx.zone);
  if (exact) {
    if (!exact.isValid) throw unreadable(input);
    const instant = exact.toJSDate();
    if (instant.getTime() <= ctx.now.getTime()) throw inThePast(input, instant, ctx.zone);
    return instant;
  }

  // forwardDate off: chrono's own forwarding turns "last tuesday" into next week's.
  const results = chrono.parse(rest, { instant: ctx.now, timezone: nowLocal.offset }, { forwardDate: false });
  const result = results[0];
  if (result === undefined || results.length > 1) throw unreadable(input);
  const leftover = rest.slice(0, result.index) + rest.slice(result.index + result.text.length);
  if (!FILLER.test(leftover)) throw unreadable(input);

  const start = result.start;
  let due: DateTime;
  if (start.isCertain("timezoneOffset")) {
    due = DateTime.fromJSDate(start.date(), { zone: ctx.zone });
  } else {
    const timeGiven = start.isCertain("hour");
    const hour = (start.get("hour") ?? DEFAULT_DUE_HOUR) + (assumedPm(start, result.text) ? 12 : 0);
    const minute = start.get("minute") ?? 0;
    const at = (day: DateTime): DateTime => {
      if (!timeGiven && eod) {
        const shift = shiftStartingOn(day, { ...speaker, workDays: WEEKDAYS });
        return shift ? DateTime.fromJSDate(shift.end, { zone: ctx.zone }) : DateTime.invalid("no shift");
      }
      return DateTime.fromObject(
        {
          year: day.year,
          month: day.month,
          day: day.day,
          hour: timeGiven ? hour : DEFAULT_DUE_HOUR,
          minute: timeGiven ? minute : 0,
        },
        { zone: ctx.zone },
      );
    };
    let day = DateTime.fromObject(
      {
        year: start.get("year") ?? nowLocal.year,
        month: start.get("month") ?? nowLocal.month,
        day: start.get("day") ?? nowLocal.day,
      },
      { zone: ctx.zone },
    );
    due = at(day);
    // Only a weekday or a time of day alone is moved to its next occurrence; never a phrase that points back.
    const dayGiven = start.isCertain("day");
    const weekdayGiven = start.isCertain("weekday");
    if (due.isValid && !dayGiven && !BACKWARD.test(input) && (weekdayGiven || timeGiven)) {
      const step = weekdayGiven ? { days: 7 } : { days: 1 };
      // chrono picks the nearest such weekday, at most half a week back: one or two steps reach the future.
      for (let i = 0; i < 2 && due <= nowLocal; i += 1) {
        day = day.plus(step);
        due = at(day);
      }
    }
  }
  if (!due.isValid) throw unreadable(input);

  const instant = due.toJSDate();
  if (instant.getTime() <= ctx.now.getTime()) throw inThePast(input, instant, ctx.zone);
  return instant;
}

function short(text: string): string {
  const flat = text.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, " ");
  return flat.length > 60 ? `${flat.slice(0, 60)}…` : flat;
}

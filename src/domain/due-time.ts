// English only: the full package loads every language (+22 MB resident) for phrases we never read.
import * as chrono from "chrono-node/en";
import { DateTime } from "luxon";
import { DelegateError } from "./errors.js";

/** Time of day used when the text names a day but no time ("fri", "tomorrow"): end of business. */
export const DEFAULT_DUE_HOUR = 17;

/** Words people put around a time that chrono leaves unparsed ("by fri 5pm", "due tomorrow"). */
const FILLER = /^(?:by|at|on|before|due|until|till|eod|cob|the|of|[\s,.;:!-])*$/i;

/**
 * Reads a natural-language due time in the speaker's IANA zone and returns the next future
 * instant it names.
 *
 * chrono-node does not understand IANA zone names, only fixed offsets, so we give it the
 * speaker's offset *now* and read back the wall-clock components it found (year, month,
 * day, hour, minute, implied or not). We then build the instant with luxon in the IANA zone,
 * so a date on the other side of a DST change gets that date's offset ("mon 9am" said on the
 * Friday before spring-forward is 09:00 EDT, not 09:00 EST).
 * - A wall time that does not exist (the spring-forward gap, e.g. 02:30) moves forward by the
 *   gap (03:30), which is what luxon does; the deadline never lands before what was asked.
 * - A wall time that happens twice (fall-back, e.g. 01:30) takes luxon's choice, the second
 *   occurrence (standard time): the later of the two, so no one is overdue early.
 * - Text with its own zone or offset ("2026-12-04T17:00Z", "5pm UTC") and relative text
 *   ("in 3 hours") name an exact instant; chrono marks those with a certain offset and we
 *   use its instant as it is.
 * - With no time of day, the due time is 17:00 local.
 */
export function resolveDueTime(text: string, ctx: { now: Date; zone: string }): Date {
  const input = text.trim();
  const unreadable = (): DelegateError =>
    new DelegateError(
      "invalid",
      `I could not read "${short(input)}" as a due time. Try "fri 5pm", "tomorrow 9am" or "2026-12-04 17:00".`,
      { fields: { due: "Not a date and time I can read." } },
    );
  const nowLocal = DateTime.fromJSDate(ctx.now, { zone: ctx.zone });
  if (input === "" || input.length > 200 || !nowLocal.isValid) throw unreadable();

  const results = chrono.parse(input, { instant: ctx.now, timezone: nowLocal.offset }, { forwardDate: true });
  const result = results[0];
  if (result === undefined || results.length > 1) throw unreadable();
  const leftover = input.slice(0, result.index) + input.slice(result.index + result.text.length);
  if (!FILLER.test(leftover)) throw unreadable();

  const start = result.start;
  let due: DateTime;
  if (start.isCertain("timezoneOffset")) {
    due = DateTime.fromJSDate(start.date(), { zone: ctx.zone });
  } else {
    const timeGiven = start.isCertain("hour");
    due = DateTime.fromObject(
      {
        year: start.get("year") ?? nowLocal.year,
        month: start.get("month") ?? nowLocal.month,
        day: start.get("day") ?? nowLocal.day,
        hour: timeGiven ? (start.get("hour") ?? DEFAULT_DUE_HOUR) : DEFAULT_DUE_HOUR,
        minute: timeGiven ? (start.get("minute") ?? 0) : 0,
      },
      { zone: ctx.zone },
    );
    // "fri" said on a Friday after 17:00, or "5pm" said at 6pm: the next such day.
    const dayGiven = start.isCertain("day");
    if (due.isValid && !dayGiven && due <= nowLocal) {
      due = due.plus({ days: start.isCertain("weekday") ? 7 : 1 });
    }
  }
  if (!due.isValid) throw unreadable();

  const instant = due.toJSDate();
  if (instant.getTime() <= ctx.now.getTime()) {
    throw new DelegateError(
      "invalid",
      `"${short(input)}" is in the past (it was ${formatLocal(instant, ctx.zone)}). Give a time in the future.`,
      { fields: { due: "That time is in the past." } },
    );
  }
  return instant;
}

/**
 * "Fri 4 Dec 2026, 5:00 PM EST", "Sat 5 Dec 2026, 6:00 AM GMT+8": weekday, day, month,
 * year, 12-hour time and the zone's short name (or its offset where it has no short
 * name), so nobody has to guess whose 5 PM it is.
 */
export function formatLocal(instant: Date, zone: string): string {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const p of localFormat(zone).formatToParts(instant)) parts[p.type] = p.value;
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute} ${parts.dayPeriod} ${parts.timeZoneName}`;
}

/**
 * One formatter per zone: building an Intl.DateTimeFormat (or a luxon DateTime in a zone) costs
 * far more than formatting with one, and a task list formats dozens of times per reply.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const localFormat = (zone: string): Intl.DateTimeFormat => {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "numeric",
      minute: "2-digit",
      hour12: true,
      timeZoneName: "short",
    });
    formatters.set(zone, f);
  }
  return f;
};

function short(text: string): string {
  const flat = text.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, " ");
  return flat.length > 60 ? `${flat.slice(0, 60)}…` : flat;
}

import { wallAt, weekdayOf, zoneClock } from "./zone-clock.js";
import { zoneLabel } from "./zone-names.js";

/*
 * Instants as a reader sees them: in their zone, 12-hour clock, with the zone named the way
 * people say it (zone-names.ts), so nobody has to guess whose 5 PM it is.
 */

type Parts = Partial<Record<Intl.DateTimeFormatPartTypes, string>>;

/**
 * One formatter per zone: building an Intl.DateTimeFormat (or a luxon DateTime in a zone) costs
 * far more than formatting with one, and a task list formats dozens of times per reply.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (zone: string): Intl.DateTimeFormat => {
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
    });
    formatters.set(zone, f);
  }
  return f;
};

const WEEKDAY_SHORT = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTH_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * The formatter's parts. The wall clock comes from the zone's remembered offsets (zone-clock.ts)
 * and is spelled as en-US spells it, which is what formatToParts gives (checked against it in
 * tests/unit/local-time-format-fast.test.ts) at a fraction of the cost; years outside
 * 1000-9999 are left to Intl.
 */
const partsOf = (instant: Date, zone: string): Parts => {
  const f = formatterFor(zone); // An unknown zone throws here, as it always did.
  const clock = zoneClock(zone);
  const ts = instant.getTime();
  if (clock.valid && clock.zone.type !== "system" && Number.isFinite(ts)) {
    const w = wallAt(clock, ts);
    if (w.year >= 1000 && w.year <= 9999) {
      return {
        weekday: WEEKDAY_SHORT[weekdayOf(w) - 1],
        day: String(w.day),
        month: MONTH_SHORT[w.month - 1],
        year: String(w.year),
        hour: String(w.hour % 12 || 12),
        minute: String(w.minute).padStart(2, "0"),
        dayPeriod: w.hour < 12 ? "AM" : "PM",
      };
    }
  }
  const parts: Parts = {};
  for (const p of f.formatToParts(instant)) parts[p.type] = p.value;
  return parts;
};

/** "Fri 4 Dec 2026, 5:00 PM EST", "Sat 5 Dec 2026, 6:00 AM Manila time". */
export function formatLocal(instant: Date, zone: string): string {
  const p = partsOf(instant, zone);
  return `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute} ${p.dayPeriod} ${zoneLabel(zone, instant)}`;
}

const DAY_MS = 86_400_000;

/**
 * A time near `now`, as short as it can be said: "7:00 PM CST" the same day (in `zone`),
 * "Mon 9:00 AM EST" within the next six days, the full formatLocal otherwise.
 */
export function formatNearLocal(instant: Date, zone: string, now: Date): string {
  const p = partsOf(instant, zone);
  const time = `${p.hour}:${p.minute} ${p.dayPeriod} ${zoneLabel(zone, instant)}`;
  const today = partsOf(now, zone);
  const ahead = instant.getTime() - now.getTime();
  if (p.day === today.day && p.month === today.month && p.year === today.year && Math.abs(ahead) < DAY_MS) {
    return time;
  }
  if (ahead > 0 && ahead < 6 * DAY_MS) return `${p.weekday} ${time}`;
  return formatLocal(instant, zone);
}

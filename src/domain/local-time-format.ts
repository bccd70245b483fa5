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
const partsOf = (instant: Date, zone: string): Parts => {
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

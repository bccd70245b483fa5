import { formatLocal } from "./due-time.js";

/*
 * Instants as a reader sees them, as short as they can be said: the time alone today, the
 * weekday and time within the week, the full date otherwise.
 */

type Parts = Partial<Record<Intl.DateTimeFormatPartTypes, string>>;

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
      timeZoneName: "short",
    });
    formatters.set(zone, f);
  }
  const parts: Parts = {};
  for (const p of f.formatToParts(instant)) parts[p.type] = p.value;
  return parts;
};

const DAY_MS = 86_400_000;

/** "7:00 PM CST" the same day (in `zone`), "Mon 9:00 AM EST" within six days, the full date otherwise. */
export function formatNearLocal(instant: Date, zone: string, now: Date): string {
  const p = partsOf(instant, zone);
  const today = partsOf(now, zone);
  const time = `${p.hour}:${p.minute} ${p.dayPeriod} ${p.timeZoneName}`;
  const ahead = instant.getTime() - now.getTime();
  if (p.day === today.day && p.month === today.month && p.year === today.year && Math.abs(ahead) < DAY_MS) {
    return time;
  }
  if (ahead > 0 && ahead < 6 * DAY_MS) return `${p.weekday} ${time}`;
  return formatLocal(instant, zone);
}

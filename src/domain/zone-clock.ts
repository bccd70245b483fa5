import { DateTime, Info, Settings, type Zone } from "luxon";

/*
 * luxon's wall-clock arithmetic in a time zone, without building DateTime objects, and with the
 * zone's UTC offset remembered per hour. Working-hours checks run on every command (the
 * acknowledgement clock, the off-hours check) and each one asked Intl for the offset several
 * times: that was a tenth of an `assign`'s CPU (docs/performance.md).
 *
 * The functions follow luxon's own algorithms step by step (fromJSDate, fromObject, set, plus),
 * including its provisional offsets, so the instants and calendar days are the ones luxon gives,
 * gaps and repeated wall times included. tests/unit/working-hours-fast.test.ts checks that
 * against the plain luxon code across zones and DST changes.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** Hours remembered per zone before the memo starts afresh (a few years' worth; ~a MB at most). */
const MAX_HOURS = 50_000;
/** Zones remembered before the memo starts afresh. */
const MAX_ZONES = 500;

/** A zone, and its offset (minutes) at the start of each hour asked about so far. */
export interface ZoneClock {
  readonly zone: Zone;
  readonly valid: boolean;
  readonly hourStarts: Map<number, number>;
}

const clocks = new Map<string, ZoneClock>();

/** The clock of a zone name as luxon reads it ("America/New_York", "utc", …); `valid` false if it is unknown. */
export const zoneClock = (tz: string): ZoneClock => {
  let clock = clocks.get(tz);
  if (!clock) {
    const zone = Info.normalizeZone(tz);
    clock = { zone, valid: zone.isValid, hourStarts: new Map() };
    if (clocks.size >= MAX_ZONES) clocks.clear();
    clocks.set(tz, clock);
  }
  return clock;
};

const hourStartOffset = (clock: ZoneClock, hour: number): number => {
  let o = clock.hourStarts.get(hour);
  if (o === undefined) {
    o = clock.zone.offset(hour * HOUR_MS);
    if (clock.hourStarts.size >= MAX_HOURS) clock.hourStarts.clear();
    clock.hourStarts.set(hour, o);
  }
  return o;
};

/**
 * The zone's offset in minutes at `ts`, exactly luxon's `zone.offset(ts)`. When the offsets at
 * the start of ts's hour and of the next hour agree, the offset held all that hour (no zone
 * changes its offset twice within one hour); otherwise — the hour of a change — it is asked for.
 */
export const offsetAt = (clock: ZoneClock, ts: number): number => {
  if (clock.zone.isUniversal || !Number.isFinite(ts)) return clock.zone.offset(ts);
  const hour = Math.floor(ts / HOUR_MS);
  const o = hourStartOffset(clock, hour);
  return o === hourStartOffset(clock, hour + 1) ? o : clock.zone.offset(ts);
};

/** A wall-clock reading in a zone: what luxon keeps in a DateTime (`c`, `ts`, `o`). */
export interface Wall {
  readonly ts: number;
  /** Offset from UTC in minutes. */
  readonly o: number;
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

type WallFields = Omit<Wall, "ts" | "o">;

const wallOf = (ts: number, o: number): Wall => {
  const d = new Date(ts + o * MINUTE_MS);
  return {
    ts,
    o,
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
  };
};

/** luxon's objToLocalTS: the wall fields read as if they were UTC. */
const localTs = (c: WallFields): number => {
  const d = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second, c.millisecond);
  if (c.year < 100 && c.year >= 0) {
    const fixed = new Date(d);
    fixed.setUTCFullYear(c.year, c.month - 1, c.day);
    return +fixed;
  }
  return d;
};

/** luxon's fixOffset: the instant of a wall time, starting from the guess `o` (gaps move forward). */
const fixOffset = (clock: ZoneClock, local: number, o: number): [number, number] => {
  let guess = local - o * MINUTE_MS;
  const o2 = offsetAt(clock, guess);
  if (o === o2) return [guess, o];
  guess -= (o2 - o) * MINUTE_MS;
  const o3 = offsetAt(clock, guess);
  if (o2 === o3) return [guess, o2];
  return [local - Math.min(o2, o3) * MINUTE_MS, Math.max(o2, o3)];
};

const fromFields = (clock: ZoneClock, c: WallFields, provisional: number): Wall => {
  const [ts, o] = fixOffset(clock, localTs(c), provisional);
  return wallOf(ts, o);
};

/** `DateTime.fromMillis(ts, { zone })`. */
export const wallAt = (clock: ZoneClock, ts: number): Wall => wallOf(ts, offsetAt(clock, ts));

/** `DateTime.fromObject({ year, month, day, hour, minute }, { zone })` (its guess is the offset now). */
export const wallFrom = (
  clock: ZoneClock,
  fields: { year: number; month: number; day: number; hour?: number; minute?: number },
): Wall =>
  fromFields(
    clock,
    { hour: 0, minute: 0, second: 0, millisecond: 0, ...fields },
    offsetAt(clock, Settings.now()),
  );

/** `dt.startOf("day")`. */
export const startOfDay = (clock: ZoneClock, w: Wall): Wall =>
  fromFields(clock, { ...w, hour: 0, minute: 0, second: 0, millisecond: 0 }, w.o);

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** `dt.plus({ days })` for a whole number of days (negative for minus). */
export const plusDays = (clock: ZoneClock, w: Wall, days: number): Wall =>
  fromFields(clock, { ...w, day: Math.min(w.day, daysInMonth(w.year, w.month)) + days }, w.o);

/** luxon's weekday, 1 (Monday) to 7 (Sunday), of the wall's calendar day. */
export const weekdayOf = (w: Pick<Wall, "year" | "month" | "day">): number => {
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day));
  if (w.year < 100 && w.year >= 0) d.setUTCFullYear(d.getUTCFullYear() - 1900);
  const js = d.getUTCDay();
  return js === 0 ? 7 : js;
};

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * `DateTime.fromJSDate(at, { zone }).toISODate()` ("2026-12-07"), undefined where luxon gives
 * null (an unknown zone, an invalid date). Every command asks it (the firm's today).
 */
export const isoDateIn = (at: Date, zone: string): string | undefined => {
  const clock = zoneClock(zone);
  const ts = at.getTime();
  if (clock.valid && Number.isFinite(ts)) {
    const w = wallAt(clock, ts);
    if (w.year >= 0 && w.year <= 9999)
      return `${String(w.year).padStart(4, "0")}-${pad2(w.month)}-${pad2(w.day)}`;
  }
  return DateTime.fromJSDate(at, { zone }).toISODate() ?? undefined;
};

import { DateTime } from "luxon";
import { parse, validate } from "node-cron";

/** A cron expression's fields, as node-cron reads them (5 fields, or 6 with seconds first). */
interface CronFields {
  second: number[];
  minute: number[];
  hour: number[];
  dayOfMonth: number[];
  month: number[];
  dayOfWeek: number[];
  /** Cron's rule: when both day fields are restricted, a day matching either one fires. */
  eitherDay: boolean;
}

const numbers = (values: (number | string)[]): number[] =>
  values.map(Number).filter((n) => Number.isInteger(n));

export const parseCron = (expression: string): CronFields => {
  if (!validate(expression)) throw new Error("not a valid cron expression");
  const f = parse(expression);
  const dayOfMonth = numbers(f.dayOfMonth);
  const dayOfWeek = numbers(f.dayOfWeek).map((d) => d % 7);
  return {
    second: [...f.second].sort((a, b) => a - b),
    minute: [...f.minute].sort((a, b) => a - b),
    hour: [...f.hour].sort((a, b) => a - b),
    dayOfMonth,
    month: f.month,
    dayOfWeek,
    eitherDay: dayOfMonth.length < 31 && new Set(dayOfWeek).size < 7,
  };
};

/** Whether the expression names seconds (6 fields): then its checks must run every second. */
export const hasSecondsField = (expression: string): boolean => expression.trim().split(/\s+/).length === 6;

const dayMatches = (f: CronFields, day: DateTime): boolean => {
  if (!f.month.includes(day.month)) return false;
  const dom = f.dayOfMonth.includes(day.day);
  const dow = f.dayOfWeek.includes(day.weekday % 7);
  return f.eitherDay ? dom || dow : dom && dow;
};

/** Largest value in the ascending list that is ≤ limit. */
const atMost = (sorted: number[], limit: number): number | undefined => {
  for (let i = sorted.length - 1; i >= 0; i--) {
    const v = sorted[i];
    if (v !== undefined && v <= limit) return v;
  }
  return undefined;
};

/**
 * The latest instant ≤ `now` at which `fields` fire on the wall clock of `zone`, looking back
 * at most eight days (a weekly schedule always has one). This is how the digest fires "at
 * DIGEST_CRON in each firm's own zone" while one process serves firms in every zone: the job
 * runs often, and each firm's digest is due once its own latest fire time has passed.
 * A wall time skipped by a DST change fires when the clock jumps over it (luxon moves it
 * forward); a repeated one fires at its first occurrence.
 */
export const latestFireTime = (fields: CronFields, now: Date, zone: string): Date | undefined => {
  const local = DateTime.fromJSDate(now, { zone });
  if (!local.isValid) return undefined;
  for (let back = 0; back <= 8; back++) {
    const day = local.startOf("day").minus({ days: back });
    if (!dayMatches(fields, day)) continue;
    // Walk the day's fire times downwards from the limit (now on the first day, midnight after).
    let limit = back === 0 ? local.hour * 3600 + local.minute * 60 + local.second : 86_399;
    while (limit >= 0) {
      const candidate = latestWallTime(fields, limit);
      if (candidate === undefined) break;
      const at = DateTime.fromObject(
        {
          year: day.year,
          month: day.month,
          day: day.day,
          hour: Math.floor(candidate / 3600),
          minute: Math.floor(candidate / 60) % 60,
          second: candidate % 60,
        },
        { zone },
      );
      if (at.isValid && at.toMillis() <= now.getTime()) return at.toJSDate();
      limit = candidate - 1;
    }
  }
  return undefined;
};

/** The latest (hour, minute, second) of the fields at or before `limit` seconds into the day. */
const latestWallTime = (f: CronFields, limit: number): number | undefined => {
  const maxHour = Math.floor(limit / 3600);
  for (let h = atMost(f.hour, maxHour); h !== undefined; h = atMost(f.hour, h - 1)) {
    const maxMinute = h === maxHour ? Math.floor(limit / 60) % 60 : 59;
    for (let m = atMost(f.minute, maxMinute); m !== undefined; m = atMost(f.minute, m - 1)) {
      const maxSecond = h === maxHour && m === maxMinute ? limit % 60 : 59;
      const s = atMost(f.second, maxSecond);
      if (s !== undefined) return h * 3600 + m * 60 + s;
    }
  }
  return undefined;
};

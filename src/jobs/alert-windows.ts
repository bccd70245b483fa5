import { IANAZone } from "luxon";
import { OVERDUE_LOOKBACK_MS, REVIEW_LOOKBACK_MS } from "./alert-rules.js";

/**
 * Which slices of time an alert tick must read. Every alert has an instant (due − offset, the
 * due time, one working day after it, one working day after a submission); a tick at `now`
 * whose previous complete tick ran at `since` (the watermark in job_runs) owes exactly the
 * alerts whose instant fell in (since, now]. So it reads narrow ranges of due times and
 * submission times on indexes instead of the whole look-back. With no watermark (first tick,
 * or a clock set back) `since` is the look-back itself: the catch-up after downtime is the same
 * code with wider ranges. The rules (alert-rules.ts) still decide exactly, and the ledger
 * still guarantees once-only: ranges may be wider than needed, never narrower.
 */

/** An interval of instants, lower bound excluded, upper included (ms since the epoch). */
export interface Range {
  after: number;
  upTo: number;
}

export interface AlertWindows {
  now: Date;
  /** The instant up to which every alert was already handled. */
  since: Date;
  /** Due times whose `due_soon_<offset>` reminder fell due, per offset (minutes). */
  dueSoon: { offset: number; due: Range }[];
  /** Due times that passed. */
  overdue: Range[];
  /** Due times whose escalation to the admins (one working day later, firm calendar) fell due. */
  escalation: Range[];
  /** Submission times whose review reminder (one working day of the supervisor later) fell due. */
  review: Range[];
  /** Acknowledgement deadlines (tasks.ack_alert_at, ack_admins_at) that passed. */
  acknowledgement: Range[];
  /** Tasks changed after this instant are re-planned whatever their times (re-armed, sent back…). */
  changedAfter: Date | undefined;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Latest a concurrent change may commit after the tick read (transaction time, replica clock skew). */
export const CHANGE_SLACK_MS = 30_000;
/** No zone shifts its offset by more than this at a transition (Antarctica/Troll: 2 h). */
const MAX_SHIFT_MS = 2 * HOUR_MS;

/** Sort and merge overlapping ranges; drop empty ones. */
export const mergeRanges = (ranges: Range[]): Range[] => {
  const sorted = ranges.filter((r) => r.upTo > r.after).sort((a, b) => a.after - b.after);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r.after <= last.upTo) last.upTo = Math.max(last.upTo, r.upTo);
    else out.push({ ...r });
  }
  return out;
};

/** Zones whose offsets are read between two turns of the event loop (docs/performance.md). */
const ZONES_PER_TURN = 25;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

const shiftMemo = new Map<string, number>();

/**
 * The largest change of UTC offset any zone makes between `from` and `to`: how far "k days
 * later on the wall clock" may be from k × 24 hours. Zero most weeks of the year, which keeps
 * the working-day ranges exactly as narrow as the tick. Pure arithmetic on the zone database,
 * memoized per day (nothing about the data is held in memory). Reading every zone's offsets
 * (400-odd zones, each offset an Intl call) took 80–90 ms on a process's first tick (each zone's
 * formatter is made then) and 10 ms on each later day, in one turn of the event loop: commands
 * arriving meanwhile waited that long. It lets them in every ZONES_PER_TURN zones; the longest
 * turn is now 1–2 ms, and 20 ms once per process (Intl's first formatter with a time zone).
 */
export const offsetShiftMs = async (from: Date, to: Date): Promise<number> => {
  const start = Math.floor(from.getTime() / DAY_MS) * DAY_MS - DAY_MS;
  const end = Math.ceil(to.getTime() / DAY_MS) * DAY_MS + DAY_MS;
  if (end - start > 40 * DAY_MS) return MAX_SHIFT_MS;
  const key = `${start}|${end}`;
  const known = shiftMemo.get(key);
  if (known !== undefined) return known;
  let shift = 0;
  const zones = ["UTC", ...Intl.supportedValuesOf("timeZone")];
  for (const [i, name] of zones.entries()) {
    if (i > 0 && i % ZONES_PER_TURN === 0) await nextTurn();
    const zone = IANAZone.create(name);
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    // A zone's transitions are weeks apart (months, mostly): samples a week apart see each one.
    for (let t = start; t < end + 7 * DAY_MS; t += 7 * DAY_MS) {
      const o = zone.offset(Math.min(t, end));
      if (o < min) min = o;
      if (o > max) max = o;
    }
    shift = Math.max(shift, (max - min) * 60_000);
  }
  shift = Math.min(MAX_SHIFT_MS, shift);
  if (shiftMemo.size > 16) shiftMemo.clear();
  shiftMemo.set(key, shift);
  return shift;
};

/**
 * `k` days later on a wall clock is k × 24 h ± the zone's shift; firm escalations are 1–3 days
 * after the due time (Friday → Monday), review reminders 1–7 (a supervisor's own working days).
 */
const workingDayRanges = (since: number, now: number, maxDays: number, shift: number, floor: number) =>
  Array.from({ length: maxDays }, (_, i) => ({
    after: Math.max(floor, since - (i + 1) * DAY_MS - shift),
    upTo: now - (i + 1) * DAY_MS + shift,
  }));

/**
 * The ranges a tick at `now` reads, given the watermark `watermark` (undefined: none yet) and
 * the reminder offsets in use by any firm.
 */
export const alertWindows = async (
  now: Date,
  watermark: Date | undefined,
  offsets: number[],
): Promise<AlertWindows> => {
  const t = now.getTime();
  const lookback = t - REVIEW_LOOKBACK_MS;
  // No watermark, or one ahead of this clock (a console clock set back): read the whole look-back.
  const fresh = watermark !== undefined && watermark.getTime() <= t && watermark.getTime() > lookback;
  const since = fresh ? watermark.getTime() : lookback;
  // planAlerts keeps overdue news for a week; t - due <= OVERDUE_LOOKBACK_MS.
  const overdueFloor = t - OVERDUE_LOOKBACK_MS - 1;
  const shift = await offsetShiftMs(new Date(since - 8 * DAY_MS), now);
  return {
    now,
    since: new Date(since),
    dueSoon: [...new Set(offsets)]
      .filter((o) => o > 0)
      .sort((a, b) => a - b)
      .map((o) => ({ offset: o, due: { after: Math.max(since + o * 60_000, t), upTo: t + o * 60_000 } })),
    overdue: mergeRanges([{ after: Math.max(since, overdueFloor), upTo: t }]),
    acknowledgement: mergeRanges([{ after: Math.max(since, overdueFloor), upTo: t }]),
    escalation: mergeRanges(
      workingDayRanges(since, t, 3, shift, overdueFloor).map((r) => ({ ...r, upTo: Math.min(r.upTo, t) })),
    ),
    review: mergeRanges(
      workingDayRanges(since, t, 7, shift, lookback - 1).map((r) => ({
        ...r,
        // One working day is never less than 24 hours, give or take a clock change.
        upTo: Math.min(r.upTo, t - DAY_MS + shift),
      })),
    ),
    changedAfter: fresh ? new Date(since - CHANGE_SLACK_MS) : undefined,
  };
};

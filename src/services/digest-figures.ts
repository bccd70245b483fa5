import { and, asc, count, eq, gte, lt, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Executor } from "../../db/client.js";
import { type Firm, matters, outbox, reviews, submissions, tasks } from "../../db/schema.js";
import type { RecoveredHours } from "../domain/recovered-hours.js";
import type { DefectReason } from "../domain/vocabulary.js";
import type { WeekBounds } from "../domain/weeks.js";
import { hoursForPeriod } from "./hours-service.js";

/** A ratio shown as "3 of 4 (75%)". */
export interface Ratio {
  count: number;
  of: number;
}

export interface WorkRef {
  task: number;
  matter: string;
}

/**
 * The weekly digest's numbers. Recovered hours come from `hoursForPeriod`, the same function
 * behind the `hours` command, so the digest and `hours 2026-W49` never disagree.
 */
export interface WeeklyFigures {
  week: WeekBounds;
  hours: RecoveredHours;
  /** Approved work whose approved submission came in by its due time. */
  onTime: Ratio;
  /** Approved work approved on its first submission. */
  firstPass: Ratio;
  /** Mean time from assignment to approval, in hours; undefined with nothing approved. */
  averageTurnaroundHours: number | undefined;
  /** Changes requested during the week, by defect reason (largest first). */
  changesByReason: { reason: DefectReason; count: number }[];
  /** Open and overdue work at `asOf` (when the digest is made), by task and matter number only. */
  open: WorkRef[];
  overdue: WorkRef[];
  /** Recovered hours of this week and the three before it, oldest first. */
  trend: { label: string; hours: number }[];
  /** The firm's notifications that could not be delivered (admins see them with `outbox`). */
  parked: number;
}

const OPEN = sql`${tasks.status} in ('assigned','in_progress','submitted','changes_requested')`;

const weekBefore = (week: WeekBounds, n: number, zone: string): WeekBounds => {
  const start = DateTime.fromJSDate(week.start, { zone }).minus({ weeks: n });
  return {
    start: start.toJSDate(),
    end: start.plus({ weeks: 1 }).toJSDate(),
    label: `${start.weekYear}-W${String(start.weekNumber).padStart(2, "0")}`,
  };
};

export const weeklyFigures = async (
  db: Executor,
  firm: Firm,
  week: WeekBounds,
  asOf: Date,
): Promise<WeeklyFigures> => {
  const hours = await hoursForPeriod(db, firm, week.start, week.end);

  const approved = await db
    .select({
      dueAt: tasks.dueAt,
      createdAt: tasks.createdAt,
      approvedAt: tasks.approvedAt,
      round: tasks.round,
      submittedAt: submissions.submittedAt,
    })
    .from(tasks)
    .leftJoin(submissions, and(eq(submissions.taskId, tasks.id), eq(submissions.round, tasks.round)))
    .where(
      and(
        eq(tasks.firmId, firm.id),
        eq(tasks.status, "approved"),
        gte(tasks.approvedAt, week.start),
        lt(tasks.approvedAt, week.end),
      ),
    );
  const onTime = approved.filter((a) => a.submittedAt && a.submittedAt.getTime() <= a.dueAt.getTime());
  const turnaround = approved.map(
    (a) => ((a.approvedAt ?? a.createdAt).getTime() - a.createdAt.getTime()) / 3_600_000,
  );

  const changes = await db
    .select({ reason: reviews.reason, n: count() })
    .from(reviews)
    .innerJoin(tasks, eq(tasks.id, reviews.taskId))
    .where(
      and(
        eq(tasks.firmId, firm.id),
        eq(reviews.decision, "changes_requested"),
        gte(reviews.decidedAt, week.start),
        lt(reviews.decidedAt, week.end),
      ),
    )
    .groupBy(reviews.reason);

  const open = await db
    .select({ task: tasks.number, matter: matters.number, dueAt: tasks.dueAt })
    .from(tasks)
    .innerJoin(matters, eq(matters.id, tasks.matterId))
    .where(and(eq(tasks.firmId, firm.id), OPEN))
    .orderBy(asc(tasks.dueAt), asc(tasks.number));

  const trend: WeeklyFigures["trend"] = [];
  for (let back = 3; back >= 1; back--) {
    const w = weekBefore(week, back, firm.tz);
    trend.push({ label: w.label, hours: (await hoursForPeriod(db, firm, w.start, w.end)).firm.hours });
  }
  trend.push({ label: week.label, hours: hours.firm.hours });

  const [parked] = await db
    .select({ n: count() })
    .from(outbox)
    .where(and(eq(outbox.firmId, firm.id), eq(outbox.status, "parked")));

  return {
    week,
    hours,
    onTime: { count: onTime.length, of: approved.length },
    firstPass: { count: approved.filter((a) => a.round === 1).length, of: approved.length },
    averageTurnaroundHours:
      turnaround.length === 0 ? undefined : turnaround.reduce((s, h) => s + h, 0) / turnaround.length,
    changesByReason: changes
      .map((c) => ({ reason: c.reason ?? "other", count: c.n }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    open: open.map(({ task, matter }) => ({ task, matter })),
    overdue: open
      .filter((o) => o.dueAt.getTime() < asOf.getTime())
      .map(({ task, matter }) => ({ task, matter })),
    trend,
    parked: parked?.n ?? 0,
  };
};

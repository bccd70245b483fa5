import { and, asc, count, eq, gte, lt, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Executor } from "../../db/client.js";
import { type Firm, matters, outbox, reviews, submissions, tasks } from "../../db/schema.js";
import { type RecoveredHours, recoveredHours } from "../domain/recovered-hours.js";
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

/** How many, and the first `LISTED_WORK` of them by due time. */
export interface WorkList {
  count: number;
  first: WorkRef[];
}

/** How many open and overdue tasks a digest names; the rest are counted. */
export const LISTED_WORK = 15;

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
  /**
   * Open and overdue work at `asOf` (when the digest is made): how much, and the first few by
   * due time, by task and matter number only (a channel post can't list 50,000 tasks anyway).
   */
  open: WorkList;
  overdue: WorkList;
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

const OPEN_STATUSES = ["assigned", "in_progress", "submitted", "changes_requested"] as const;

/**
 * The firm's first open tasks by due time (before `dueBefore`: the overdue ones). One ordered,
 * limited read of tasks_firm_status_due_idx per open status, merged: a few dozen index entries
 * whether the firm has 50 open tasks or 50,000.
 */
const firstByDue = async (db: Executor, firmId: string, dueBefore?: Date): Promise<WorkRef[]> => {
  const perStatus: { task: number; matter: string; dueAt: Date }[][] = [];
  // One after the other: `db` may be the digest's transaction, which runs one statement at a time.
  for (const status of OPEN_STATUSES) {
    perStatus.push(
      await db
        .select({ task: tasks.number, matter: matters.number, dueAt: tasks.dueAt })
        .from(tasks)
        .innerJoin(matters, eq(matters.id, tasks.matterId))
        .where(
          and(
            eq(tasks.firmId, firmId),
            eq(tasks.status, status),
            dueBefore ? lt(tasks.dueAt, dueBefore) : undefined,
          ),
        )
        .orderBy(asc(tasks.dueAt), asc(tasks.number))
        .limit(LISTED_WORK),
    );
  }
  return perStatus
    .flat()
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.task - b.task)
    .slice(0, LISTED_WORK)
    .map(({ task, matter }) => ({ task, matter }));
};

export const weeklyFigures = async (
  db: Executor,
  firm: Firm,
  week: WeekBounds,
  asOf: Date,
): Promise<WeeklyFigures> => {
  const hours = await hoursForPeriod(db, firm, week.start, week.end);

  // Aggregated where the rows are (tasks_firm_approved_idx, then each task's approved submission).
  const [approved] = await db
    .select({
      n: count(),
      onTime: sql<number>`(count(*) filter (where ${submissions.submittedAt} <= ${tasks.dueAt}))::int`,
      firstPass: sql<number>`(count(*) filter (where ${tasks.round} = 1))::int`,
      turnaroundHours: sql<
        number | null
      >`(avg(extract(epoch from (coalesce(${tasks.approvedAt}, ${tasks.createdAt}) - ${tasks.createdAt}))) / 3600)::float8`,
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
  const approvedCount = approved?.n ?? 0;

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

  // Counted on tasks_firm_status_due_idx alone (an index-only scan), not loaded.
  const [counts] = await db
    .select({
      open: count(),
      overdue: sql<number>`(count(*) filter (where ${tasks.dueAt} < ${asOf.toISOString()}::timestamptz))::int`,
    })
    .from(tasks)
    .where(and(eq(tasks.firmId, firm.id), OPEN));
  const open = await firstByDue(db, firm.id);
  const overdue = await firstByDue(db, firm.id, asOf);

  // The three weeks before, in one read of tasks_firm_approved_idx; firm hours need no names or rates.
  const earlier = [3, 2, 1].map((back) => weekBefore(week, back, firm.tz));
  const history = await db
    .select({
      approvedAt: tasks.approvedAt,
      category: tasks.category,
      estMinutes: tasks.estMinutes,
      spentMinutes: tasks.spentMinutes,
    })
    .from(tasks)
    .where(
      and(
        eq(tasks.firmId, firm.id),
        eq(tasks.status, "approved"),
        gte(tasks.approvedAt, earlier[0]?.start ?? week.start),
        lt(tasks.approvedAt, week.start),
      ),
    );
  const trend: WeeklyFigures["trend"] = earlier.map((w) => {
    const rows = history
      .filter((r) => r.approvedAt && r.approvedAt >= w.start && r.approvedAt < w.end)
      .map((r) => ({
        ...r,
        supervisorId: "",
        supervisorName: "",
        supervisorRate: null,
        assigneeCostRate: null,
      }));
    return { label: w.label, hours: recoveredHours(rows, firm).firm.hours };
  });
  trend.push({ label: week.label, hours: hours.firm.hours });

  const [parked] = await db
    .select({ n: count() })
    .from(outbox)
    .where(and(eq(outbox.firmId, firm.id), eq(outbox.status, "parked")));

  return {
    week,
    hours,
    onTime: { count: Number(approved?.onTime ?? 0), of: approvedCount },
    firstPass: { count: Number(approved?.firstPass ?? 0), of: approvedCount },
    averageTurnaroundHours:
      approvedCount === 0 || approved?.turnaroundHours == null ? undefined : Number(approved.turnaroundHours),
    changesByReason: changes
      .map((c) => ({ reason: c.reason ?? "other", count: c.n }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    open: { count: counts?.open ?? 0, first: open },
    overdue: { count: Number(counts?.overdue ?? 0), first: overdue },
    trend,
    parked: parked?.n ?? 0,
  };
};

import { and, asc, count, eq, inArray, lt, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Executor } from "../../db/client.js";
import { type Firm, matters, outbox, tasks } from "../../db/schema.js";
import { periodFigures, type TaskRef } from "../domain/figures.js";
import type { TaskStatus } from "../domain/vocabulary.js";
import type { WeekBounds } from "../domain/weeks.js";
import { frozenTasks } from "../figures/frozen-tasks.js";
import type { TrendWeek } from "../figures/trend-chart.js";
import { type WeekReport, weekReport } from "../figures/week-report.js";

/** How many, and the first `LISTED_WORK` of them by due time. */
export interface WorkList {
  count: number;
  first: TaskRef[];
}

export type { TrendWeek };

/** How many tasks a digest names per list; the rest are counted. */
export const LISTED_WORK = 15;

/** Weeks the digest's chart shows, this one included. */
export const TREND_WEEKS = 12;

/**
 * Open work at the moment the digest is made, by whose move it is: the professional's (overdue
 * with them), or the attorney's (submitted, waiting on review — past due or not, never the
 * professional's lateness).
 */
export interface OpenWork {
  open: number;
  overdue: WorkList;
  waitingOnReview: number;
  waitingPastDue: WorkList;
}

const WORKABLE: TaskStatus[] = ["assigned", "in_progress", "changes_requested"];

/**
 * The firm's first tasks in `statuses` due before `dueBefore`, by due time: one ordered, limited
 * read of tasks_firm_status_due_idx per status, merged — a few dozen index entries whether the
 * firm has 50 open tasks or 50,000.
 */
const firstByDue = async (
  db: Executor,
  firmId: string,
  statuses: TaskStatus[],
  dueBefore: Date,
): Promise<WorkList> => {
  const perStatus: (TaskRef & { dueAt: Date })[][] = [];
  // One after the other: `db` may be a transaction, which runs one statement at a time.
  for (const status of statuses) {
    perStatus.push(
      await db
        .select({ task: tasks.number, matter: matters.number, dueAt: tasks.dueAt })
        .from(tasks)
        .innerJoin(matters, eq(matters.id, tasks.matterId))
        .where(and(eq(tasks.firmId, firmId), eq(tasks.status, status), lt(tasks.dueAt, dueBefore)))
        .orderBy(asc(tasks.dueAt), asc(tasks.number))
        .limit(LISTED_WORK),
    );
  }
  const [counted] = await db
    .select({ n: count() })
    .from(tasks)
    .where(and(eq(tasks.firmId, firmId), inArray(tasks.status, statuses), lt(tasks.dueAt, dueBefore)));
  return {
    count: counted?.n ?? 0,
    first: perStatus
      .flat()
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.task - b.task)
      .slice(0, LISTED_WORK)
      .map(({ task, matter }) => ({ task, matter })),
  };
};

export const openWork = async (db: Executor, firmId: string, asOf: Date): Promise<OpenWork> => {
  // Counted on tasks_firm_status_due_idx alone (an index-only scan), not loaded.
  const [counts] = await db
    .select({
      open: count(),
      submitted: sql<number>`(count(*) filter (where ${tasks.status} = 'submitted'))::int`,
    })
    .from(tasks)
    .where(
      and(
        eq(tasks.firmId, firmId),
        inArray(tasks.status, ["assigned", "in_progress", "submitted", "changes_requested"]),
      ),
    );
  return {
    open: counts?.open ?? 0,
    overdue: await firstByDue(db, firmId, WORKABLE, asOf),
    waitingOnReview: Number(counts?.submitted ?? 0),
    waitingPastDue: await firstByDue(db, firmId, ["submitted"], asOf),
  };
};

/** Recovered hours, value and cost of the TREND_WEEKS weeks ending with `week`, oldest first. */
export const trendOf = async (db: Executor, firm: Firm, week: WeekBounds): Promise<TrendWeek[]> => {
  const last = DateTime.fromJSDate(week.start, { zone: firm.tz });
  const weeks = Array.from({ length: TREND_WEEKS }, (_, i) => {
    const start = last.minus({ weeks: TREND_WEEKS - 1 - i });
    return {
      start: start.toJSDate(),
      end: start.plus({ weeks: 1 }).toJSDate(),
      label: `${start.weekYear}-W${String(start.weekNumber).padStart(2, "0")}`,
    };
  });
  const all = await frozenTasks(db, { firmId: firm.id, from: weeks[0]?.start ?? week.start, to: week.end });
  return weeks.map((w) => {
    const f = periodFigures(all.filter((t) => t.approvedAt >= w.start && t.approvedAt < w.end)).firm;
    const money = Object.fromEntries(
      Object.entries(f.money).map(([c, m]) => [c, { value: m.value, cost: m.cost }]),
    );
    return { label: w.label, recoveredMinutes: f.recoveredMinutes, money };
  });
};

/** The firm's notifications that could not be delivered (admins see them with `outbox`). */
export const parkedCount = async (db: Executor, firmId: string): Promise<number> => {
  const [parked] = await db
    .select({ n: count() })
    .from(outbox)
    .where(and(eq(outbox.firmId, firmId), eq(outbox.status, "parked")));
  return parked?.n ?? 0;
};

/** Everything the weekly digest says. */
export interface WeeklyFigures {
  report: WeekReport;
  work: OpenWork;
  trend: TrendWeek[];
  parked: number;
}

/** The digest's figures for `week`, with open work as it stands at `asOf`. */
export const weeklyFigures = async (
  db: Executor,
  firm: Firm,
  week: WeekBounds,
  asOf: Date,
): Promise<WeeklyFigures> => ({
  report: await weekReport(db, firm, week, asOf),
  work: await openWork(db, firm.id, asOf),
  trend: await trendOf(db, firm, week),
  parked: await parkedCount(db, firm.id),
});

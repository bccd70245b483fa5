import { and, eq, gte, inArray, lte, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { firms, people, submissions, tasks } from "../../db/schema.js";
import { selectTaskDetails } from "../services/task-loader.js";
import type { TaskDetails } from "../views/task-view.js";
import { OVERDUE_LOOKBACK_MS, REVIEW_LOOKBACK_MS } from "./alert-rules.js";

/*
 * The alert tick's reads. Each is bounded by an index so a tick over a million tasks reads only
 * what may be due: open tasks by due time (tasks_open_due_idx, whose predicate is repeated here
 * literally so the planner can use it), submitted tasks (tasks_submitted_idx).
 */
const OPEN = sql`${tasks.status} in ('assigned','in_progress','submitted','changes_requested')`;

export interface FirmAlertSettings {
  id: string;
  tz: string;
  alertOffsets: number[];
}

/** Open tasks due between the overdue look-back and the largest reminder offset of any firm. */
export const tasksNearDue = async (db: Executor, now: Date): Promise<TaskDetails[]> => {
  const [row] = await db
    .select({ max: sql<number | null>`max(o)::int` })
    .from(sql`${firms}, unnest(${firms.alertOffsets}) as o`);
  const aheadMs = Math.max(0, row?.max ?? 0) * 60_000;
  return selectTaskDetails(
    db,
    and(
      OPEN,
      gte(tasks.dueAt, new Date(now.getTime() - OVERDUE_LOOKBACK_MS)),
      lte(tasks.dueAt, new Date(now.getTime() + aheadMs)),
    ),
  );
};

/** Submitted tasks whose submission under review is at least a day old, with when it came in. */
export const tasksAwaitingReview = async (
  db: Executor,
  now: Date,
): Promise<{ details: TaskDetails; submittedAt: Date }[]> => {
  const waiting = await db
    .select({ id: tasks.id, submittedAt: submissions.submittedAt })
    .from(tasks)
    .innerJoin(submissions, and(eq(submissions.taskId, tasks.id), eq(submissions.round, tasks.round)))
    .where(
      and(
        sql`${tasks.status} = 'submitted'`,
        // One working day is never less than 24 hours.
        lte(submissions.submittedAt, new Date(now.getTime() - 86_400_000)),
        gte(submissions.submittedAt, new Date(now.getTime() - REVIEW_LOOKBACK_MS)),
      ),
    );
  if (waiting.length === 0) return [];
  const details = await selectTaskDetails(
    db,
    inArray(
      tasks.id,
      waiting.map((w) => w.id),
    ),
  );
  return details.flatMap((d) => {
    const w = waiting.find((x) => x.id === d.task.id);
    return w ? [{ details: d, submittedAt: w.submittedAt }] : [];
  });
};

export const firmSettings = async (db: Executor, ids: string[]): Promise<Map<string, FirmAlertSettings>> => {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: firms.id, tz: firms.tz, alertOffsets: firms.alertOffsets })
    .from(firms)
    .where(inArray(firms.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r]));
};

export interface AdminContact {
  id: string;
  firmId: string;
  displayName: string;
  tz: string;
  role: "admin" | "attorney" | "professional";
  active: boolean;
  workStart: number;
  workEnd: number;
  workDays: string[];
}

/** Active admins of the firms given. */
export const adminsOf = async (db: Executor, firmIds: string[]): Promise<AdminContact[]> => {
  if (firmIds.length === 0) return [];
  return db
    .select({
      id: people.id,
      firmId: people.firmId,
      displayName: people.displayName,
      tz: people.tz,
      role: people.role,
      active: people.active,
      workStart: people.workStart,
      workEnd: people.workEnd,
      workDays: people.workDays,
    })
    .from(people)
    .where(
      and(inArray(people.firmId, [...new Set(firmIds)]), eq(people.role, "admin"), eq(people.active, true)),
    );
};

/** Active professionals whose NDA expires within about a month (refined per firm calendar by the caller). */
export const ndasNearExpiry = async (db: Executor, now: Date) =>
  db
    .select({
      id: people.id,
      firmId: people.firmId,
      displayName: people.displayName,
      ndaExpires: people.ndaExpires,
      firmTz: firms.tz,
    })
    .from(people)
    .innerJoin(firms, eq(firms.id, people.firmId))
    .where(
      and(
        eq(people.role, "professional"),
        eq(people.active, true),
        gte(people.ndaExpires, new Date(now.getTime() - 2 * 86_400_000).toISOString().slice(0, 10)),
        lte(people.ndaExpires, new Date(now.getTime() + 32 * 86_400_000).toISOString().slice(0, 10)),
      ),
    );

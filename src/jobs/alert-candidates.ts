import { and, eq, gt, gte, inArray, lte, or, type SQL, sql } from "drizzle-orm";
import { type AnyPgColumn, alias } from "drizzle-orm/pg-core";
import type { Executor } from "../../db/client.js";
import { firms, people, submissions, tasks } from "../../db/schema.js";
import { selectTaskDetails } from "../services/task-loader.js";
import type { TaskDetails } from "../views/task-view.js";
import { dueSoonKind, OVERDUE_LOOKBACK_MS, REVIEW_LOOKBACK_MS } from "./alert-rules.js";
import { latestAuditId, readWatermark, tasksChangedSince } from "./alert-watermark.js";
import { type AlertWindows, alertWindows, type Range } from "./alert-windows.js";

/*
 * The alert tick's reads. A tick reads only what fell due since the previous complete tick
 * (alert-windows.ts): narrow ranges of due times on tasks_open_due_idx (whose predicate is
 * repeated here literally so the planner can use it) and of submission times on
 * submissions_submitted_idx, minus what the ledger already holds (alert_ledger_uq), plus the
 * open tasks changed since then (tasks_open_updated_idx). Details are then read for those few
 * tasks only. A million tasks cost what the last few minutes brought, not the whole week.
 */
const OPEN_PREDICATE = "in ('assigned','in_progress','submitted','changes_requested')";

export interface FirmAlertSettings {
  id: string;
  tz: string;
  alertOffsets: number[];
  ackWithinMinutes: number;
}

/** Every reminder offset (minutes) any firm uses. */
export const offsetsInUse = async (db: Executor): Promise<number[]> => {
  const rows = await db.selectDistinct({ o: sql<number>`unnest(${firms.alertOffsets})` }).from(firms);
  return rows.map((r) => Number(r.o));
};

const inRanges = (column: AnyPgColumn, ranges: Range[]): SQL | undefined =>
  ranges.length === 0
    ? undefined
    : or(...ranges.map((r) => and(gt(column, new Date(r.after)), lte(column, new Date(r.upTo)))));

const idIn = (column: AnyPgColumn, ids: string[]): SQL =>
  sql`${column} = any(string_to_array(${ids.join(",")}, ',')::uuid[])`;

const notSent = (taskId: SQL, kind: string, at: SQL): SQL =>
  sql`not exists (select 1 from alert_ledger l where l.task_id = ${taskId} and l.kind = ${kind} and l.due_at = ${at})`;

/** Tasks by id, with their details: one `= any(array)` parameter, whatever the number. */
const detailsOf = async (db: Executor, ids: string[]): Promise<TaskDetails[]> =>
  ids.length === 0 ? [] : selectTaskDetails(db, idIn(tasks.id, ids));

const w = alias(tasks, "w");

/** Open, workable tasks with a deadline alert whose instant falls in the windows and is not in the ledger. */
export const tasksNearDue = async (
  db: Executor,
  win: AlertWindows,
  changed: string[] = [],
): Promise<TaskDetails[]> => {
  const id = sql`${w.id}`;
  const due = sql`${w.dueAt}`;
  const arms: (SQL | undefined)[] = [
    ...win.dueSoon.map((d) => and(inRanges(w.dueAt, [d.due]), notSent(id, dueSoonKind(d.offset), due))),
    and(inRanges(w.dueAt, win.overdue), notSent(id, "overdue", due)),
    and(inRanges(w.dueAt, win.escalation), notSent(id, "overdue_admins", due)),
  ];
  if (win.changedAfter) {
    const t = win.now.getTime();
    const ahead = Math.max(0, ...win.dueSoon.map((d) => d.offset)) * 60_000;
    arms.push(
      and(
        changed.length === 0
          ? gt(w.updatedAt, win.changedAfter)
          : or(gt(w.updatedAt, win.changedAfter), idIn(w.id, changed)),
        gte(w.dueAt, new Date(t - OVERDUE_LOOKBACK_MS)),
        lte(w.dueAt, new Date(t + ahead)),
      ),
    );
  }
  const wanted = arms.filter((a): a is SQL => a !== undefined);
  if (wanted.length === 0) return [];
  const rows = await db
    .select({ id: w.id })
    .from(w)
    .where(and(sql.raw(`"w"."status" ${OPEN_PREDICATE}`), sql`${w.status} <> 'submitted'`, or(...wanted)));
  return detailsOf(
    db,
    rows.map((r) => r.id),
  );
};

const s = alias(submissions, "s");

/**
 * Submitted tasks whose review reminder may have fallen due in the windows and was not sent
 * (or that changed since the previous tick), with when the submission under review came in.
 */
export const tasksAwaitingReview = async (
  db: Executor,
  win: AlertWindows,
  changed: string[] = [],
): Promise<{ details: TaskDetails; submittedAt: Date }[]> => {
  const t = win.now.getTime();
  const submitted = and(sql.raw(`"w"."status" ${OPEN_PREDICATE}`), sql`${w.status} = 'submitted'`);
  const base = () =>
    db
      .select({ id: w.id, submittedAt: s.submittedAt })
      .from(s)
      .innerJoin(w, and(eq(w.id, s.taskId), eq(w.round, s.round)));
  const inWindow =
    win.review.length === 0
      ? []
      : await base().where(
          and(
            inRanges(s.submittedAt, win.review),
            submitted,
            notSent(sql`${w.id}`, "review_waiting", sql`${s.submittedAt}`),
          ),
        );
  const changedRows = win.changedAfter
    ? await base().where(
        and(
          changed.length === 0
            ? gt(w.updatedAt, win.changedAfter)
            : or(gt(w.updatedAt, win.changedAfter), idIn(w.id, changed)),
          submitted,
          gte(s.submittedAt, new Date(t - REVIEW_LOOKBACK_MS)),
          // One working day is never less than 23 hours (a day the clocks go forward).
          lte(s.submittedAt, new Date(t - 23 * 3_600_000)),
        ),
      )
    : [];
  const waiting = new Map([...inWindow, ...changedRows].map((r) => [r.id, r.submittedAt]));
  if (waiting.size === 0) return [];
  const details = await detailsOf(db, [...waiting.keys()]);
  return details.flatMap((d) => {
    const submittedAt = waiting.get(d.task.id);
    return submittedAt ? [{ details: d, submittedAt }] : [];
  });
};

/**
 * Unacknowledged assignments whose acknowledgement deadline (either step) passed in the windows
 * and was not alerted: two narrow ranges on the partial indexes tasks_ack_alert_idx and
 * tasks_ack_admins_idx, which hold unacknowledged tasks only. The instants are fixed when the
 * task is (re)assigned, so no task needs re-planning when it changes.
 */
export const tasksUnacknowledged = async (db: Executor, win: AlertWindows): Promise<TaskDetails[]> => {
  if (win.acknowledgement.length === 0) return [];
  const id = sql`${w.id}`;
  const rows = await db
    .select({ id: w.id })
    .from(w)
    .where(
      and(
        sql`${w.acknowledgedAt} is null`,
        sql.raw(`"w"."status" in ('assigned','in_progress','changes_requested')`),
        or(
          and(
            inRanges(w.ackAlertAt, win.acknowledgement),
            notSent(id, "unacknowledged", sql`${w.ackAlertAt}`),
          ),
          and(
            inRanges(w.ackAdminsAt, win.acknowledgement),
            notSent(id, "unacknowledged_admins", sql`${w.ackAdminsAt}`),
          ),
        ),
      ),
    );
  return detailsOf(
    db,
    rows.map((r) => r.id),
  );
};

/** What an alert tick at `now` has to consider: the windows since the watermark and their tasks. */
export const alertCandidates = async (db: Executor, now: Date) => {
  const mark = await readWatermark(db);
  const auditId = await latestAuditId(db);
  const windows = await alertWindows(now, mark?.at, await offsetsInUse(db));
  const changed = windows.changedAfter ? await tasksChangedSince(db, mark?.auditId) : [];
  const near = await tasksNearDue(db, windows, changed);
  const reviews = await tasksAwaitingReview(db, windows, changed);
  const unacknowledged = await tasksUnacknowledged(db, windows);
  return { windows, auditId, near, reviews, unacknowledged };
};

export const firmSettings = async (db: Executor, ids: string[]): Promise<Map<string, FirmAlertSettings>> => {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      id: firms.id,
      tz: firms.tz,
      alertOffsets: firms.alertOffsets,
      ackWithinMinutes: firms.ackWithinMinutes,
    })
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

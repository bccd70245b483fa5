import { and, asc, eq, gte, inArray, lt, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "../../db/client.js";
import { approvedFigures, approvedTime, matters, people, tasks } from "../../db/schema.js";
import type { FrozenTask } from "../domain/figures.js";

const supervisor = alias(people, "supervisor");
const assignee = alias(people, "assignee");

/** Which approved tasks to read, besides the firm: a period of approval, and optionally a filter. */
export interface FrozenQuery {
  firmId: string;
  from?: Date;
  /** Exclusive. */
  to?: Date;
  where?: SQL;
}

/**
 * The frozen figures of a firm's tasks approved in [from, to), by approval time, with the task,
 * matter and people names a view needs (names are read now; every number is as frozen). Two
 * reads on approved_figures_firm_idx and the time table's primary key.
 */
export const frozenTasks = async (db: Executor, q: FrozenQuery): Promise<FrozenTask[]> => {
  const rows = await db
    .select({
      f: approvedFigures,
      number: tasks.number,
      matterNumber: matters.number,
      supervisorName: supervisor.displayName,
      assigneeName: assignee.displayName,
    })
    .from(approvedFigures)
    .innerJoin(tasks, eq(tasks.id, approvedFigures.taskId))
    .innerJoin(matters, eq(matters.id, approvedFigures.matterId))
    .innerJoin(supervisor, eq(supervisor.id, approvedFigures.supervisorId))
    .innerJoin(assignee, eq(assignee.id, approvedFigures.assigneeId))
    .where(
      and(
        eq(approvedFigures.firmId, q.firmId),
        q.from ? gte(approvedFigures.approvedAt, q.from) : undefined,
        q.to ? lt(approvedFigures.approvedAt, q.to) : undefined,
        q.where,
      ),
    )
    .orderBy(asc(approvedFigures.approvedAt), asc(tasks.number));
  if (rows.length === 0) return [];
  const time = await db
    .select({
      taskId: approvedTime.taskId,
      personId: approvedTime.personId,
      name: people.displayName,
      role: approvedTime.role,
      provider: approvedTime.provider,
      minutes: approvedTime.minutes,
      costRate: approvedTime.costRate,
      billRate: approvedTime.billRate,
    })
    .from(approvedTime)
    .innerJoin(people, eq(people.id, approvedTime.personId))
    .where(
      inArray(
        approvedTime.taskId,
        rows.map((r) => r.f.taskId),
      ),
    )
    .orderBy(asc(people.displayName));
  const byTask = new Map<string, FrozenTask["time"]>();
  for (const { taskId, ...t } of time) {
    byTask.set(taskId, [
      ...(byTask.get(taskId) ?? []),
      {
        ...t,
        costRate: t.costRate === null ? null : Number(t.costRate),
        billRate: t.billRate === null ? null : Number(t.billRate),
      },
    ]);
  }
  return rows.map(({ f, ...r }) => ({
    taskId: f.taskId,
    number: r.number,
    matterNumber: r.matterNumber,
    category: f.category,
    supervisorId: f.supervisorId,
    supervisorName: r.supervisorName,
    assigneeId: f.assigneeId,
    assigneeName: r.assigneeName,
    assigneeProvider: f.assigneeProvider,
    assignedAt: f.assignedAt,
    approvedAt: f.approvedAt,
    savedMinutes: f.savedMinutes,
    reviewMinutes: f.reviewMinutes,
    valueRate: Number(f.valueRate),
    billMode: f.billMode,
    currency: f.currency,
    committedDueAt: f.committedDueAt,
    submittedAt: f.submittedAt,
    onTime: f.onTime,
    rounds: f.rounds,
    reworkReasons: f.reworkReasons,
    utbmsTask: f.utbmsTask,
    utbmsActivity: f.utbmsActivity,
    time: byTask.get(f.taskId) ?? [],
  }));
};

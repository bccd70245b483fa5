import { and, eq, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "../../db/client.js";
import { matters, people, tasks } from "../../db/schema.js";
import { DelegateError } from "../domain/errors.js";
import { maySeeTask } from "../domain/policy.js";
import { type TaskDetails, taskRef } from "../views/task-view.js";
import type { Actor } from "./actor.js";

const assignee = alias(people, "assignee");
const supervisor = alias(people, "supervisor");
const approver = alias(people, "approver");

const summary = (p: typeof assignee | typeof supervisor) => ({
  id: p.id,
  displayName: p.displayName,
  tz: p.tz,
  role: p.role,
  active: p.active,
  workStart: p.workStart,
  workEnd: p.workEnd,
  workDays: p.workDays,
});

/** Tasks with the names their views need, filtered by `where`. */
export const selectTaskDetails = (db: Executor, where: SQL | undefined) =>
  db
    .select({
      task: tasks,
      matterNumber: matters.number,
      assignee: summary(assignee),
      supervisor: summary(supervisor),
      approverName: approver.displayName,
    })
    .from(tasks)
    .innerJoin(matters, eq(matters.id, tasks.matterId))
    .innerJoin(assignee, eq(assignee.id, tasks.assigneeId))
    .innerJoin(supervisor, eq(supervisor.id, tasks.supervisorId))
    .leftJoin(approver, eq(approver.id, tasks.approvedBy))
    .where(where);

export const notFound = (n: number): DelegateError =>
  new DelegateError("not_found", `${taskRef(n)} not found. Try: list all`);

/**
 * The task numbered `n` in the actor's firm, if the actor may see it. A professional asking
 * for someone else's task gets the same answer as for a task that does not exist.
 */
export const loadVisibleTask = async (db: Executor, actor: Actor, n: number): Promise<TaskDetails> => {
  const rows = await selectTaskDetails(db, and(eq(tasks.firmId, actor.firm.id), eq(tasks.number, n))).limit(
    1,
  );
  const found = rows[0];
  if (!found || !maySeeTask(actor.person, found.task)) throw notFound(n);
  return found;
};

import { and, asc, eq, inArray, is, type SQL, sql } from "drizzle-orm";
import { alias, PgTransaction } from "drizzle-orm/pg-core";
import type { Executor } from "../../db/client.js";
import { literalLimit, oncePerDb } from "../../db/prepared.js";
import { matterStaff, matters, people, tasks } from "../../db/schema.js";
import { DelegateError, type Refusal } from "../domain/errors.js";
import { isAttorney, maySeeTask } from "../domain/policy.js";
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

const detailColumns = {
  task: tasks,
  matterNumber: matters.number,
  assignee: summary(assignee),
  supervisor: summary(supervisor),
  approverName: approver.displayName,
};

/** Tasks with the names their views need, filtered by `where`. */
export const selectTaskDetails = (db: Executor, where: SQL | undefined) =>
  db
    .select(detailColumns)
    .from(tasks)
    .innerJoin(matters, eq(matters.id, tasks.matterId))
    .innerJoin(assignee, eq(assignee.id, tasks.assigneeId))
    .innerJoin(supervisor, eq(supervisor.id, tasks.supervisorId))
    .leftJoin(approver, eq(approver.id, tasks.approvedBy))
    .where(where);

/** Whether the person `me` holds a current grant on the task's matter (need to know). */
export const staffedOn = (me: SQL | SQL.Aliased | ReturnType<typeof sql.placeholder>) =>
  sql<boolean>`exists (select 1 from ${matterStaff} ms where ms.matter_id = ${tasks.matterId}
    and ms.person_id = ${me} and ms.removed_at is null)`;

/**
 * One page of `rows` tasks matching `where`, by due time then number, with what a list line shows
 * (`TaskLineRow`): a list reads six task columns and two names, not every column of the task and
 * both people (docs/performance.md). The page's ids are picked first and only those rows are
 * joined: joining first made PostgreSQL hash the whole people and matters tables before the limit
 * (42 ms for a 450-task firm, 2 ms this way).
 * The first page's size is written into the statement, so PostgreSQL plans it once (literalLimit);
 * a later page starts at the placeholder `offset`, planned for its value each time: how far into a
 * large firm's tasks it starts decides the best plan, and later pages are rare.
 */
export const selectTaskPage = (db: Executor, where: SQL | undefined, rows: number, later: boolean) => {
  const ids = db
    .select({ id: tasks.id })
    .from(tasks)
    .where(where)
    .orderBy(asc(tasks.dueAt), asc(tasks.number))
    .limit(literalLimit(rows));
  const page = later ? ids.offset(sql.placeholder("offset")) : ids;
  return db
    .select({
      task: {
        id: tasks.id,
        number: tasks.number,
        matterId: tasks.matterId,
        title: tasks.title,
        status: tasks.status,
        dueAt: tasks.dueAt,
      },
      matterNumber: matters.number,
      assignee: { displayName: assignee.displayName },
    })
    .from(tasks)
    .innerJoin(matters, eq(matters.id, tasks.matterId))
    .innerJoin(assignee, eq(assignee.id, tasks.assigneeId))
    .where(inArray(tasks.id, page))
    .orderBy(asc(tasks.dueAt), asc(tasks.number));
};

export const notFound = (n: number, refusal?: Refusal): DelegateError =>
  new DelegateError("not_found", `${taskRef(n)} not found. Try: list all`, refusal ? { refusal } : {});

/**
 * The task numbered `n` in the actor's firm, with whether the actor is staffed on its matter:
 * one statement, whoever asks.
 */
const byNumber = (db: Executor) =>
  db
    .select({ ...detailColumns, staffed: staffedOn(sql.placeholder("me")) })
    .from(tasks)
    .innerJoin(matters, eq(matters.id, tasks.matterId))
    .innerJoin(assignee, eq(assignee.id, tasks.assigneeId))
    .innerJoin(supervisor, eq(supervisor.id, tasks.supervisorId))
    .leftJoin(approver, eq(approver.id, tasks.approvedBy))
    .where(and(eq(tasks.firmId, sql.placeholder("firmId")), eq(tasks.number, sql.placeholder("number"))))
    .limit(1)
    .prepare("task_by_number");
const byNumberOnce = oncePerDb(byNumber);

/**
 * The task numbered `n` in the actor's firm, if the actor may see it. A professional asking
 * for someone else's task gets the same answer as for a task that does not exist, and the
 * attempt is audited (by the dispatcher, once this transaction has rolled back).
 */
export const loadVisibleTask = async (
  db: Executor,
  actor: Actor,
  n: number,
  via = "show",
): Promise<TaskDetails> => {
  // A prepared statement belongs to its handle: inside a transaction it is built on the spot.
  const query = is(db, PgTransaction) ? byNumber(db) : byNumberOnce(db);
  const [found] = await query.execute({ firmId: actor.firm.id, number: n, me: actor.person.id });
  if (found && maySeeTask(actor.person, found.task, found.staffed)) {
    const { staffed: _, ...details } = found;
    return details;
  }
  if (isAttorney(actor.person)) throw notFound(n);
  throw notFound(n, {
    ...(found ? { taskId: found.task.id, matterId: found.task.matterId } : {}),
    detail: { via, task: taskRef(n) },
  });
};

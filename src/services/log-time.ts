import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { auditEvents, type Task, tasks, timeEntries } from "../../db/schema.js";
import type { Command } from "../domain/command.js";
import { formatMinutes } from "../domain/durations.js";
import { DelegateError } from "../domain/errors.js";
import { assignmentBlocker, isAttorney } from "../domain/policy.js";
import { FINAL_STATUSES, STATUS_LABEL } from "../domain/status-machine.js";
import { taskRef } from "../views/task-view.js";
import type { View } from "../views/view.js";
import { markAcknowledged } from "./acknowledge-task.js";
import type { Actor } from "./actor.js";
import type { Deps } from "./deps.js";
import { recordAudit } from "./record-audit.js";
import { loadVisibleTask, notFound } from "./task-loader.js";

type Log = Extract<Command, { name: "log" }>;

/** Whether `personId` was ever given this task (assigned it, or reassigned it). */
const wasAssigned = async (db: Executor, taskId: string, personId: string): Promise<boolean> => {
  const rows = await db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.taskId, taskId),
        eq(auditEvents.subjectId, personId),
        inArray(auditEvents.action, ["task.assigned", "task.reassigned"]),
      ),
    )
    .limit(1);
  return rows.length > 0;
};

/**
 * `log T-n 1.5h ["note"]`: time worked, recorded for the person who worked it, at any point
 * before approval. The task's assignee logs their time; so may anyone who was assigned the task
 * before a reassignment, for the work they did then (their hours count with the task's cost).
 * Someone who was never assigned it gets the same answer as for a task that does not exist. The
 * task's total (tasks.spent_minutes) moves with the entry, in the same transaction.
 */
export const logTime = async (deps: Deps, actor: Actor, cmd: Log, today: string): Promise<View> => {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [task] = await tx
      .select()
      .from(tasks)
      .where(and(eq(tasks.firmId, actor.firm.id), eq(tasks.number, cmd.task)))
      .limit(1);
    if (!task) throw notFound(cmd.task);
    const ref = taskRef(task.number);
    const current = task.assigneeId === actor.person.id;
    if (current) {
      // The same checks as any read of one's own task.
      await loadVisibleTask(tx, actor, cmd.task);
    } else {
      const before = await wasAssigned(tx, task.id, actor.person.id);
      // A professional learns nothing of tasks that were never theirs; shut-out rules apply as to any work.
      if (!before && !isAttorney(actor.person)) throw notFound(cmd.task);
      if (!before) {
        throw new DelegateError(
          "forbidden",
          `Only whoever does ${ref} logs time on it: its assignee, or someone it was assigned to before, for their own work.`,
        );
      }
      if (assignmentBlocker(actor.person, today)) throw notFound(cmd.task);
    }
    if ((FINAL_STATUSES as readonly string[]).includes(task.status)) {
      throw new DelegateError(
        "conflict",
        `${ref} is ${STATUS_LABEL[task.status].toLowerCase()}: time can be logged until a task is approved.`,
      );
    }
    // Conditional on the status: an approval committing first makes this add nothing.
    const [updated] = await tx
      .update(tasks)
      .set({ spentMinutes: sql`${tasks.spentMinutes} + ${cmd.minutes}` })
      .where(and(eq(tasks.id, task.id), notInArray(tasks.status, [...FINAL_STATUSES])))
      .returning();
    if (!updated)
      throw new DelegateError("conflict", `${ref} was just approved or cancelled; nothing was logged.`);
    await tx.insert(timeEntries).values({
      firmId: actor.firm.id,
      taskId: task.id,
      personId: actor.person.id,
      minutes: cmd.minutes,
      note: cmd.note ?? null,
      round: updated.round,
      loggedAt: now,
    });
    await recordAudit(tx, {
      firmId: actor.firm.id,
      at: now,
      actorId: actor.person.id,
      taskId: task.id,
      matterId: task.matterId,
      action: "task.time_logged",
      detail: { minutes: cmd.minutes, round: updated.round, ...(current ? {} : { formerAssignee: true }) },
    });
    if (current) await markAcknowledged(tx, actor, task, now, "log");
    const mine = await myTotal(tx, updated, actor.person.id);
    return {
      tone: "success",
      lines: current
        ? [
            `Logged ${formatMinutes(cmd.minutes)} on ${ref}. Your time on it: ${formatMinutes(mine)}; the task's: ${formatMinutes(updated.spentMinutes)}.`,
          ]
        : [
            `Logged ${formatMinutes(cmd.minutes)} on ${ref} for your work before it was reassigned. Your time on it: ${formatMinutes(mine)}.`,
          ],
      audience: "private",
    };
  });
};

const myTotal = async (db: Executor, task: Pick<Task, "id">, personId: string): Promise<number> => {
  const [row] = await db
    .select({ minutes: sql<number>`coalesce(sum(${timeEntries.minutes}), 0)::int` })
    .from(timeEntries)
    .where(and(eq(timeEntries.taskId, task.id), eq(timeEntries.personId, personId)));
  return Number(row?.minutes ?? 0);
};

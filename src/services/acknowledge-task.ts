import { and, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { type Task, tasks } from "../../db/schema.js";
import type { Command } from "../domain/command.js";
import { formatLocal } from "../domain/due-time.js";
import { DelegateError } from "../domain/errors.js";
import { isFinal } from "../domain/status-machine.js";
import type { WorkingTime } from "../domain/working-hours.js";
import { addWorkingMinutes } from "../domain/working-time-elapsed.js";
import { taskRef } from "../views/task-view.js";
import type { View } from "../views/view.js";
import type { Actor } from "./actor.js";
import { describeState } from "./change-task.js";
import type { Deps } from "./deps.js";
import { recordAudit } from "./record-audit.js";
import { onlyAssignee } from "./task-guards.js";
import { loadVisibleTask } from "./task-loader.js";

type Ack = Extract<Command, { name: "ack" }>;

/**
 * When an assignment made at `from` is owed an acknowledgement alert: to the supervisor after
 * `withinMinutes` of the assignee's working time, to the admins after as much again. Fixed at
 * (re)assignment, so the alert tick finds them on an index; a later `firm set ack-within:` applies
 * to later assignments.
 */
export const ackClock = (
  assignee: WorkingTime,
  from: Date,
  withinMinutes: number,
): Pick<Task, "ackAlertAt" | "ackAdminsAt"> => ({
  ackAlertAt: addWorkingMinutes(assignee, from, withinMinutes) ?? null,
  ackAdminsAt: addWorkingMinutes(assignee, from, 2 * withinMinutes) ?? null,
});

/**
 * Records that the assignee has seen the assignment (`ack`, and also `start`, `ask`, `log`):
 * only the current assignee's, only once. Not a change of the task's state: its version (which
 * buttons carry) stays, so Start and Submit on the same message keep working. Returns whether
 * this call acknowledged it.
 */
export const markAcknowledged = async (
  tx: Executor,
  actor: Actor,
  task: Pick<Task, "id" | "matterId">,
  now: Date,
  via: string,
): Promise<boolean> => {
  const rows = await tx
    .update(tasks)
    .set({ acknowledgedAt: now })
    .where(and(eq(tasks.id, task.id), eq(tasks.assigneeId, actor.person.id), isNull(tasks.acknowledgedAt)))
    .returning({ id: tasks.id });
  if (rows.length === 0) return false;
  await recordAudit(tx, {
    firmId: actor.firm.id,
    at: now,
    actorId: actor.person.id,
    taskId: task.id,
    matterId: task.matterId,
    action: "task.acknowledged",
    detail: { via },
  });
  return true;
};

/** `start` and `submit` acknowledge too, in the update that changes the status. */
export const acknowledgedBy = (now: Date) =>
  sql`coalesce(${tasks.acknowledgedAt}, ${now.toISOString()}::timestamptz)`;

export const acknowledgeTask = async (deps: Deps, actor: Actor, cmd: Ack): Promise<View> => {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const d = await loadVisibleTask(tx, actor, cmd.task);
    onlyAssignee("acknowledge")(actor, d);
    const ref = taskRef(d.task.number);
    if (isFinal(d.task.status)) {
      throw new DelegateError("conflict", `Nothing to acknowledge: ${describeState(d, actor.person.tz)}`);
    }
    const done = await markAcknowledged(tx, actor, d.task, now, "ack");
    if (!done) {
      const at = d.task.acknowledgedAt;
      return {
        tone: "info",
        lines: [`You acknowledged ${ref}${at ? ` on ${formatLocal(at, actor.person.tz)}` : ""} already.`],
        audience: "private",
      };
    }
    return {
      tone: "success",
      lines: [
        `Acknowledged ${ref}: ${d.supervisor.displayName} can see that you have it.`,
        `When you begin: start ${ref}. A question or a blocker: ask ${ref} "…"`,
      ],
      audience: "private",
    };
  });
};

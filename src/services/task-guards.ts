import type { Task } from "../../db/schema.js";
import { DelegateError } from "../domain/errors.js";
import { maySupervise, mayWork } from "../domain/policy.js";
import { type TaskDetails, taskRef } from "../views/task-view.js";
import type { View } from "../views/view.js";
import type { Actor } from "./actor.js";
import type { Notification } from "./outbox.js";

/** Start and submit: the assignee only. */
export const onlyAssignee = (verb: string) => (actor: Actor, d: TaskDetails) => {
  if (!mayWork(actor.person, d.task)) {
    throw new DelegateError(
      "forbidden",
      `Only ${d.assignee.displayName}, who is assigned ${taskRef(d.task.number)}, can ${verb} it.`,
    );
  }
};

/** Decisions and changes to the assignment: the supervising attorney, or an admin. */
export const onlySupervisor = (verb: string) => (actor: Actor, d: TaskDetails) => {
  if (!maySupervise(actor.person, d.task)) {
    throw new DelegateError(
      "forbidden",
      `Only ${d.supervisor.displayName}, who supervises ${taskRef(d.task.number)}, or an admin can ${verb} it.`,
    );
  }
};

/**
 * A notification to one person about this version of a task. The key names the version, so a
 * retried change queues it once. It names the task, so that at delivery it goes only to someone
 * who may still see it (src/notify/delivery-check.ts); `textFree` marks a notice that carries no
 * task text (e.g. "T-3 was reassigned"), which goes to anyone still active.
 */
export const taskNotice = (
  actor: Actor,
  task: Pick<Task, "id" | "version">,
  personId: string,
  kind: string,
  view: View,
  options: { textFree?: boolean } = {},
): Notification => ({
  firmId: actor.firm.id,
  personId,
  ...(options.textFree ? {} : { taskId: task.id }),
  kind: `task.${kind}`,
  dedupeKey: `task:${task.id}:v${task.version}:${kind}`,
  view,
});

import { reviews } from "../../db/schema.js";
import type { Command } from "../commands/command.js";
import { formatLocal } from "../domain/due-time.js";
import { DelegateError } from "../domain/errors.js";
import { maySupervise } from "../domain/policy.js";
import { type TaskDetails, taskRef, taskView } from "../views/task-view.js";
import type { Actor } from "./actor.js";
import { auditSteps, changeTask } from "./change-task.js";
import type { Deps } from "./deps.js";
import { enqueue } from "./outbox.js";

type Approve = Extract<Command, { name: "approve" }>;
type Changes = Extract<Command, { name: "changes" }>;

const onlySupervisor = (verb: string) => (actor: Actor, d: TaskDetails) => {
  if (!maySupervise(actor.person, d.task)) {
    throw new DelegateError(
      "forbidden",
      `Only ${d.supervisor.displayName}, who supervises ${taskRef(d.task.number)}, or an admin can ${verb} it.`,
    );
  }
};

export const approveTask = (deps: Deps, actor: Actor, cmd: Approve) => {
  const now = deps.clock.now();
  return changeTask(deps, actor, cmd.task, {
    verb: "approve",
    expectVersion: cmd.version,
    authorize: onlySupervisor("approve"),
    to: "approved",
    set: () => ({ approvedAt: now, approvedBy: actor.person.id }),
    after: async (tx, before, updated, steps) => {
      // One decision per round (unique index): the last guard against a double approval.
      await tx.insert(reviews).values({
        taskId: updated.id,
        round: updated.round,
        reviewerId: actor.person.id,
        decision: "approved",
        comment: cmd.comment ?? null,
        decidedAt: now,
      });
      await auditSteps(tx, actor, before.task, updated, steps, now);
      const ref = taskRef(updated.number);
      await enqueue(tx, now, [
        {
          firmId: actor.firm.id,
          personId: updated.assigneeId,
          kind: "task.approved",
          dedupeKey: `task:${updated.id}:v${updated.version}:approved`,
          view: {
            tone: "success",
            title: `${ref} approved`,
            lines: [
              `${actor.person.displayName} approved ${ref}: ${before.task.title}.`,
              ...(cmd.comment ? [`Comment: ${cmd.comment}`] : []),
            ],
            audience: "private",
          },
        },
      ]);
      return {
        tone: "success",
        lines: [
          `Approved ${ref} (round ${updated.round}) by ${actor.person.displayName} at ${formatLocal(now, actor.person.tz)}.`,
        ],
        audience: "private",
      };
    },
  });
};

export const requestChanges = (deps: Deps, actor: Actor, cmd: Changes) => {
  const now = deps.clock.now();
  return changeTask(deps, actor, cmd.task, {
    verb: "request changes on",
    expectVersion: cmd.version,
    authorize: onlySupervisor("request changes on"),
    to: "changes_requested",
    after: async (tx, before, updated, steps) => {
      await tx.insert(reviews).values({
        taskId: updated.id,
        round: updated.round,
        reviewerId: actor.person.id,
        decision: "changes_requested",
        comment: cmd.what,
        reason: cmd.reason ?? "other",
        decidedAt: now,
      });
      await auditSteps(tx, actor, before.task, updated, steps, now, { reason: cmd.reason ?? "other" });
      const ref = taskRef(updated.number);
      const forAssignee = taskView({ ...before, task: updated }, before.assignee, now);
      await enqueue(tx, now, [
        {
          firmId: actor.firm.id,
          personId: updated.assigneeId,
          kind: "task.changes_requested",
          dedupeKey: `task:${updated.id}:v${updated.version}:changes`,
          view: {
            ...forAssignee,
            tone: "warning",
            lines: [
              `${actor.person.displayName} requested changes on ${ref} (${(cmd.reason ?? "other").replace(/_/g, " ")}): ${cmd.what}`,
              ...forAssignee.lines,
            ],
          },
        },
      ]);
      return {
        tone: "success",
        lines: [
          `Sent ${ref} back to ${before.assignee.displayName} with your changes (round ${updated.round}).`,
        ],
        audience: "private",
      };
    },
  });
};

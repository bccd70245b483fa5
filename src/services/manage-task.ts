import type { Task } from "../../db/schema.js";
import type { Command } from "../commands/command.js";
import { formatLocal, resolveDueTime } from "../domain/due-time.js";
import { DelegateError } from "../domain/errors.js";
import { assignmentBlocker } from "../domain/policy.js";
import { dueLabel, taskRef, taskView } from "../views/task-view.js";
import { infoView } from "../views/view.js";
import type { Actor } from "./actor.js";
import { findPerson } from "./actor.js";
import { offHoursWarning } from "./assign-task.js";
import { recordAudit } from "./audit.js";
import { auditSteps, changeTask } from "./change-task.js";
import type { Deps } from "./deps.js";
import { findMatterById } from "./matter-service.js";
import { enqueue } from "./outbox.js";
import { staffOnMatter, unstaffIfIdle } from "./staffing.js";
import { onlySupervisor, taskNotice } from "./task-guards.js";

type Reassign = Extract<Command, { name: "reassign" }>;
type Due = Extract<Command, { name: "due" }>;
type Cancel = Extract<Command, { name: "cancel" }>;

export const reassignTask = async (deps: Deps, actor: Actor, cmd: Reassign, today: string) => {
  const now = deps.clock.now();
  const newAssignee = await findPerson(deps.db, actor, cmd.user);
  return changeTask(deps, actor, cmd.task, {
    verb: "reassign",
    authorize: (a, d) => {
      onlySupervisor("reassign")(a, d);
      if (d.task.assigneeId === newAssignee.id) {
        throw new DelegateError(
          "invalid",
          `${taskRef(d.task.number)} is already assigned to ${newAssignee.displayName}.`,
        );
      }
      const blocker = assignmentBlocker(newAssignee, today);
      if (blocker) throw new DelegateError("invalid", blocker);
    },
    set: () => ({ assigneeId: newAssignee.id }),
    after: async (tx, before, updated) => {
      const matter = await findMatterById(tx, updated.matterId);
      await staffOnMatter(tx, actor, matter, newAssignee, now, "reassign");
      // The previous assignee keeps the matter only while they hold other open work on it.
      const unstaffed = await unstaffIfIdle(tx, actor, matter.id, before.assignee.id, now);
      await recordAudit(tx, {
        firmId: actor.firm.id,
        at: now,
        actorId: actor.person.id,
        taskId: updated.id,
        matterId: updated.matterId,
        subjectId: newAssignee.id,
        action: "task.reassigned",
        detail: { version: updated.version, status: updated.status },
      });
      const ref = taskRef(updated.number);
      const forNew = taskView({ ...before, task: updated, assignee: newAssignee }, newAssignee, now);
      await enqueue(tx, now, [
        taskNotice(actor, updated, newAssignee.id, "assigned", {
          ...forNew,
          lines: [`${actor.person.displayName} reassigned ${ref} to you.`, ...forNew.lines],
        }),
        taskNotice(
          actor,
          updated,
          before.assignee.id,
          "unassigned",
          infoView([
            `${actor.person.displayName} reassigned ${ref} to ${newAssignee.displayName}. No further work on it is needed from you.`,
          ]),
          { textFree: true },
        ),
      ]);
      return {
        tone: "success",
        lines: [
          `Reassigned ${ref} to ${newAssignee.displayName}.`,
          ...(unstaffed
            ? [
                `${before.assignee.displayName} holds no other open work on ${matter.number}, so their access to it has ended (the time they logged stays theirs).`,
              ]
            : []),
          ...offHoursWarning(updated.dueAt, newAssignee),
        ],
        audience: "private",
      };
    },
  });
};

/** The first due time missed: the one on-time figures hold the task to (docs/figures.md). */
const missedFirstDue = (t: Pick<Task, "dueAt" | "committedDueAt">, now: Date): boolean =>
  t.committedDueAt === null && t.dueAt.getTime() < now.getTime();

export const changeDue = (deps: Deps, actor: Actor, cmd: Due) => {
  const now = deps.clock.now();
  const dueAt = resolveDueTime(cmd.due, { now, zone: actor.person.tz, hours: actor.person });
  return changeTask(deps, actor, cmd.task, {
    verb: "change the due time of",
    authorize: onlySupervisor("change the due time of"),
    // Moving a due time already missed keeps the missed one as the committed due: still late.
    set: (d) => (missedFirstDue(d.task, now) ? { dueAt, committedDueAt: d.task.dueAt } : { dueAt }),
    after: async (tx, before, updated) => {
      await recordAudit(tx, {
        firmId: actor.firm.id,
        at: now,
        actorId: actor.person.id,
        taskId: updated.id,
        matterId: updated.matterId,
        action: "task.due_changed",
        detail: {
          from: before.task.dueAt.toISOString(),
          to: dueAt.toISOString(),
          version: updated.version,
          ...(missedFirstDue(before.task, now) ? { committedDue: before.task.dueAt.toISOString() } : {}),
        },
      });
      const ref = taskRef(updated.number);
      await enqueue(tx, now, [
        taskNotice(
          actor,
          updated,
          updated.assigneeId,
          "due_changed",
          infoView([
            `${actor.person.displayName} moved the due time of ${ref} to ${dueLabel(dueAt, before.assignee.tz, before.assignee)}.`,
          ]),
        ),
      ]);
      return {
        tone: "success",
        lines: [
          `${ref} is now due ${dueLabel(dueAt, actor.person.tz, before.assignee)}.`,
          ...(missedFirstDue(before.task, now)
            ? [
                `Its due time (${formatLocal(before.task.dueAt, actor.person.tz)}) had already passed: on-time figures still measure it against that time.`,
              ]
            : []),
          ...offHoursWarning(dueAt, before.assignee),
        ],
        audience: "private",
      };
    },
  });
};

export const cancelTask = (deps: Deps, actor: Actor, cmd: Cancel) => {
  const now = deps.clock.now();
  return changeTask(deps, actor, cmd.task, {
    verb: "cancel",
    authorize: onlySupervisor("cancel"),
    to: "cancelled",
    after: async (tx, before, updated, steps) => {
      await auditSteps(tx, actor, before.task, updated, steps, now, { hasReason: Boolean(cmd.reason) });
      const ref = taskRef(updated.number);
      await enqueue(tx, now, [
        taskNotice(
          actor,
          updated,
          updated.assigneeId,
          "cancelled",
          infoView([
            `${actor.person.displayName} cancelled ${ref}.${cmd.reason ? ` Reason: ${cmd.reason}` : ""} No further work is needed.`,
          ]),
        ),
      ]);
      return { tone: "success", lines: [`Cancelled ${ref}.`], audience: "private" };
    },
  });
};

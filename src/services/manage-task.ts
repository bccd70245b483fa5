import { DateTime } from "luxon";
import type { Tx } from "../../db/client.js";
import type { Task } from "../../db/schema.js";
import type { Command } from "../domain/command.js";
import { courtDeadlineDueAt } from "../domain/court-days.js";
import { formatLocal, resolveDueTime } from "../domain/due-time.js";
import { DelegateError } from "../domain/errors.js";
import { assignmentBlocker, coveredFor } from "../domain/policy.js";
import { offShiftLines } from "../views/off-shift-lines.js";
import { dateLabel, dueLabel, taskRef, taskView } from "../views/task-view.js";
import { infoView } from "../views/view.js";
import { sentences } from "../views/words.js";
import { ackClock } from "./acknowledge-task.js";
import type { Actor } from "./actor.js";
import { findPerson } from "./actor.js";
import { offHoursWarning } from "./assign-task.js";
import { auditSteps, changeTask } from "./change-task.js";
import { byWhom, coverDetail, coveringFor } from "./cover.js";
import type { Deps } from "./deps.js";
import { firmCalendar } from "./holiday-service.js";
import { refuseLawyerOnlyWork } from "./lawyer-only-guard.js";
import { findMatterById } from "./matter-service.js";
import { enqueue } from "./outbox.js";
import { recordAudit } from "./record-audit.js";
import { staffOnMatter, unstaffIfIdle } from "./staffing.js";
import { onlySupervisor, taskNotice } from "./task-guards.js";

type Reassign = Extract<Command, { name: "reassign" }>;
type Due = Extract<Command, { name: "due" }>;
type Cancel = Extract<Command, { name: "cancel" }>;

/**
 * A due time later than the one planned from the task's court deadline eats into the days kept
 * for the attorney's review: accepted, with a warning that says how much is left.
 */
const reviewBufferWarning = async (tx: Tx, actor: Actor, task: Task, dueAt: Date): Promise<string[]> => {
  if (!task.courtDeadline) return [];
  const days = task.reviewBufferDays ?? 0;
  const calendar = await firmCalendar(tx, actor.firm);
  const planned = courtDeadlineDueAt(task.courtDeadline, days, calendar, actor.firm.tz);
  if (dueAt.getTime() <= planned.getTime()) return [];
  const deadline = dateLabel(task.courtDeadline);
  const deadlineEnd = DateTime.fromISO(task.courtDeadline, { zone: actor.firm.tz })
    .plus({ days: 1 })
    .toJSDate();
  if (dueAt.getTime() >= deadlineEnd.getTime()) {
    return [`Warning: that is after the court deadline itself (${deadline}).`];
  }
  return [
    `Warning: that eats into the ${days} court day${days === 1 ? "" : "s"} kept for review before the court deadline of ${deadline}; the plan had it due ${formatLocal(planned, actor.person.tz)}.`,
  ];
};

export const reassignTask = async (deps: Deps, actor: Actor, cmd: Reassign, today: string) => {
  const now = deps.clock.now();
  const newAssignee = await findPerson(deps.db, actor, cmd.user);
  const covering = await coveringFor(deps.db, actor, now);
  return changeTask(deps, actor, cmd.task, {
    verb: "reassign",
    authorize: (a, d) => {
      onlySupervisor("reassign", covering)(a, d);
      if (d.task.assigneeId === newAssignee.id) {
        throw new DelegateError(
          "invalid",
          `${taskRef(d.task.number)} is already assigned to ${newAssignee.displayName}.`,
        );
      }
      const blocker = assignmentBlocker(newAssignee, today);
      if (blocker) throw new DelegateError("invalid", blocker);
      refuseLawyerOnlyWork(a.firm, { title: d.task.title, notes: d.task.instructions }, "reassign");
    },
    // The acknowledgement clock starts again, for the new assignee.
    set: () => ({
      assigneeId: newAssignee.id,
      acknowledgedAt: null,
      ...ackClock(newAssignee, now, actor.firm.ackWithinMinutes),
    }),
    after: async (tx, before, updated) => {
      const covered = coveredFor(actor.person, before.task, covering);
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
        detail: {
          version: updated.version,
          status: updated.status,
          from: before.assignee.id,
          ...coverDetail(covered),
        },
      });
      const ref = taskRef(updated.number);
      const forNew = taskView({ ...before, task: updated, assignee: newAssignee }, newAssignee, now);
      await enqueue(tx, now, [
        taskNotice(actor, updated, newAssignee.id, "assigned", {
          ...forNew,
          lines: [`${byWhom(actor, before, covered)} reassigned ${ref} to you.`, ...forNew.lines],
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
          ...offShiftLines(newAssignee, now, actor.person.tz, updated.dueAt),
        ],
        audience: "private",
      };
    },
  });
};

/** The first due time missed: the one on-time figures hold the task to (docs/figures.md). */
const missedFirstDue = (t: Pick<Task, "dueAt" | "committedDueAt">, now: Date): boolean =>
  t.committedDueAt === null && t.dueAt.getTime() < now.getTime();

export const changeDue = async (deps: Deps, actor: Actor, cmd: Due) => {
  const now = deps.clock.now();
  const dueAt = resolveDueTime(cmd.due, { now, zone: actor.person.tz, hours: actor.person });
  const covering = await coveringFor(deps.db, actor, now);
  return changeTask(deps, actor, cmd.task, {
    verb: "change the due time of",
    authorize: onlySupervisor("change the due time of", covering),
    // Moving a due time already missed keeps the missed one as the committed due: still late.
    set: (d) => (missedFirstDue(d.task, now) ? { dueAt, committedDueAt: d.task.dueAt } : { dueAt }),
    after: async (tx, before, updated) => {
      const covered = coveredFor(actor.person, before.task, covering);
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
          ...coverDetail(covered),
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
            `${byWhom(actor, before, covered)} moved the due time of ${ref} to ${dueLabel(dueAt, before.assignee.tz, before.assignee)}.`,
          ]),
        ),
      ]);
      const warnings = [
        ...(await reviewBufferWarning(tx, actor, updated, dueAt)),
        ...offHoursWarning(dueAt, before.assignee),
      ];
      return {
        tone: warnings.length > 0 ? "warning" : "success",
        lines: [
          `${ref} is now due ${dueLabel(dueAt, actor.person.tz, before.assignee)}.`,
          ...(missedFirstDue(before.task, now)
            ? [
                `Its due time (${formatLocal(before.task.dueAt, actor.person.tz)}) had already passed: on-time figures still measure it against that time.`,
              ]
            : []),
          ...warnings,
        ],
        audience: "private",
      };
    },
  });
};

export const cancelTask = async (deps: Deps, actor: Actor, cmd: Cancel) => {
  const now = deps.clock.now();
  const covering = await coveringFor(deps.db, actor, now);
  return changeTask(deps, actor, cmd.task, {
    verb: "cancel",
    authorize: onlySupervisor("cancel", covering),
    to: "cancelled",
    after: async (tx, before, updated, steps) => {
      const covered = coveredFor(actor.person, before.task, covering);
      await auditSteps(tx, actor, before.task, updated, steps, now, {
        hasReason: Boolean(cmd.reason),
        ...coverDetail(covered),
      });
      const ref = taskRef(updated.number);
      await enqueue(tx, now, [
        taskNotice(
          actor,
          updated,
          updated.assigneeId,
          "cancelled",
          infoView([
            sentences(
              `${byWhom(actor, before, covered)} cancelled ${ref}`,
              cmd.reason && `Reason: ${cmd.reason}`,
              "No further work is needed",
            ),
          ]),
        ),
      ]);
      return { tone: "success", lines: [`Cancelled ${ref}.`], audience: "private" };
    },
  });
};

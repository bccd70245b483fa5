import { reviews } from "../../db/schema.js";
import type { Command } from "../domain/command.js";
import { formatLocal } from "../domain/due-time.js";
import { formatMinutes } from "../domain/durations.js";
import { coveredFor } from "../domain/policy.js";
import { freezeApprovedFigures } from "../figures/freeze-figures.js";
import { offShiftLines } from "../views/off-shift-lines.js";
import { taskRef, taskView } from "../views/task-view.js";
import { sentence } from "../views/words.js";
import type { Actor } from "./actor.js";
import { auditSteps, changeTask } from "./change-task.js";
import { byWhom, coverDetail, coveringFor } from "./cover.js";
import type { Deps } from "./deps.js";
import { enqueue } from "./outbox.js";
import { onlyReviewer, taskNotice } from "./task-guards.js";

type Approve = Extract<Command, { name: "approve" }>;
/** The attorney's review time, recorded with the decision and taken off the hours the task saved. */
const reviewDetail = (minutes: number | undefined) =>
  minutes === undefined ? {} : { reviewMinutes: minutes };
const reviewNote = (minutes: number | undefined): string[] =>
  minutes === undefined ? [] : [`Your review time, ${formatMinutes(minutes)}, is recorded.`];
type Changes = Extract<Command, { name: "changes" }>;

/*
 * Decisions on a submission: by the supervising attorney, by an attorney covering for them while
 * they are away (the review row and the audit events say whom she covered for), or by an admin.
 * Each records the reviewer's time (`review:45m`) with the round.
 */

export const approveTask = async (deps: Deps, actor: Actor, cmd: Approve) => {
  const now = deps.clock.now();
  const covering = await coveringFor(deps.db, actor, now);
  return changeTask(deps, actor, cmd.task, {
    verb: "approve",
    expectVersion: cmd.version,
    authorize: onlyReviewer("approve", covering),
    from: "submitted",
    to: "approved",
    set: () => ({ approvedAt: now, approvedBy: actor.person.id }),
    after: async (tx, before, updated, steps) => {
      const covered = coveredFor(actor.person, before.task, covering);
      // One decision per round (unique index): the last guard against a double approval.
      await tx.insert(reviews).values({
        taskId: updated.id,
        round: updated.round,
        reviewerId: actor.person.id,
        decision: "approved",
        comment: cmd.comment ?? null,
        reviewMinutes: cmd.reviewMinutes ?? null,
        coveredFor: covered ?? null,
        decidedAt: now,
      });
      await freezeApprovedFigures(tx, actor.firm, updated, now);
      await auditSteps(tx, actor, before.task, updated, steps, now, {
        ...coverDetail(covered),
        ...reviewDetail(cmd.reviewMinutes),
      });
      const ref = taskRef(updated.number);
      await enqueue(tx, now, [
        taskNotice(actor, updated, updated.assigneeId, "approved", {
          tone: "success",
          title: `${ref} approved`,
          lines: [
            sentence(`${byWhom(actor, before, covered)} approved ${ref}: ${before.task.title}`),
            ...(cmd.comment ? [`Comment: ${cmd.comment}`] : []),
          ],
          audience: "private",
        }),
      ]);
      return {
        tone: "success",
        lines: [
          `Approved ${ref} (round ${updated.round}) by ${actor.person.displayName} at ${formatLocal(now, actor.person.tz)}.`,
          ...(covered ? [`You approved it covering for ${before.supervisor.displayName}.`] : []),
          ...reviewNote(cmd.reviewMinutes),
        ],
        audience: "private",
      };
    },
  });
};

export const requestChanges = async (deps: Deps, actor: Actor, cmd: Changes) => {
  const now = deps.clock.now();
  const covering = await coveringFor(deps.db, actor, now);
  return changeTask(deps, actor, cmd.task, {
    verb: "request changes on",
    expectVersion: cmd.version,
    authorize: onlyReviewer("request changes on", covering),
    from: "submitted",
    to: "changes_requested",
    after: async (tx, before, updated, steps) => {
      const covered = coveredFor(actor.person, before.task, covering);
      const reason = cmd.reason ?? "other";
      await tx.insert(reviews).values({
        taskId: updated.id,
        round: updated.round,
        reviewerId: actor.person.id,
        decision: "changes_requested",
        comment: cmd.what,
        reason,
        reviewMinutes: cmd.reviewMinutes ?? null,
        coveredFor: covered ?? null,
        decidedAt: now,
      });
      await auditSteps(tx, actor, before.task, updated, steps, now, {
        reason,
        ...coverDetail(covered),
        ...reviewDetail(cmd.reviewMinutes),
      });
      const ref = taskRef(updated.number);
      const forAssignee = taskView({ ...before, task: updated }, before.assignee, now);
      await enqueue(tx, now, [
        taskNotice(actor, updated, updated.assigneeId, "changes_requested", {
          ...forAssignee,
          tone: "warning",
          lines: [
            `${byWhom(actor, before, covered)} requested changes on ${ref} (${reason.replace(/_/g, " ")}): ${cmd.what}`,
            ...forAssignee.lines,
          ],
        }),
      ]);
      return {
        tone: "success",
        lines: [
          `Sent ${ref} back to ${before.assignee.displayName} with your changes (round ${updated.round}).`,
          ...offShiftLines(before.assignee, now, actor.person.tz, updated.dueAt),
          ...reviewNote(cmd.reviewMinutes),
        ],
        audience: "private",
      };
    },
  });
};

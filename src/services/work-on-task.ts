import { sql } from "drizzle-orm";
import { submissions, tasks, timeEntries } from "../../db/schema.js";
import type { Command } from "../domain/command.js";
import { formatLocal } from "../domain/due-time.js";
import { taskRef, taskView } from "../views/task-view.js";
import { acknowledgedBy } from "./acknowledge-task.js";
import type { Actor } from "./actor.js";
import { auditSteps, changeTask } from "./change-task.js";
import { activeCover } from "./cover.js";
import type { Deps } from "./deps.js";
import { enqueue } from "./outbox.js";
import { onlyAssignee, taskNotice } from "./task-guards.js";

type Start = Extract<Command, { name: "start" }>;
type Submit = Extract<Command, { name: "submit" }>;

export const startTask = (deps: Deps, actor: Actor, cmd: Start) =>
  changeTask(deps, actor, cmd.task, {
    verb: "start",
    expectVersion: cmd.version,
    authorize: onlyAssignee("start"),
    to: "in_progress",
    // Starting is acknowledging.
    set: () => ({ acknowledgedAt: acknowledgedBy(deps.clock.now()) }),
    after: async (tx, before, updated, steps) => {
      await auditSteps(tx, actor, before.task, updated, steps, deps.clock.now());
      return {
        tone: "success",
        lines: [
          `Started ${taskRef(updated.number)}. When it is ready: submit ${taskRef(updated.number)} "link or notes"`,
        ],
        audience: "private",
      };
    },
  });

export const submitTask = (deps: Deps, actor: Actor, cmd: Submit) =>
  changeTask(deps, actor, cmd.task, {
    verb: "submit",
    expectVersion: cmd.version,
    authorize: onlyAssignee("submit"),
    to: "submitted",
    set: () => ({
      round: sql`${tasks.round} + 1`,
      spentMinutes: sql`${tasks.spentMinutes} + ${cmd.spentMinutes ?? 0}`,
      acknowledgedAt: acknowledgedBy(deps.clock.now()),
    }),
    after: async (tx, before, updated, steps) => {
      const now = deps.clock.now();
      if (cmd.spentMinutes !== undefined) {
        await tx.insert(timeEntries).values({
          firmId: actor.firm.id,
          taskId: updated.id,
          personId: actor.person.id,
          minutes: cmd.spentMinutes,
          round: updated.round,
          loggedAt: now,
        });
      }
      await tx.insert(submissions).values({
        taskId: updated.id,
        round: updated.round,
        submittedBy: actor.person.id,
        notes: cmd.notes ?? null,
        spentMinutes: cmd.spentMinutes ?? null,
        submittedAt: now,
      });
      await auditSteps(tx, actor, before.task, updated, steps, now, { spentMinutes: cmd.spentMinutes ?? 0 });
      const ref = taskRef(updated.number);
      // While the supervisor is away, the review notice goes to whoever covers for them.
      const cover = await activeCover(tx, updated.supervisorId, now);
      const reviewer = cover?.cover ?? before.supervisor;
      const forReviewer = taskView(
        { ...before, task: updated },
        { ...reviewer, ...(cover ? { covering: [updated.supervisorId] } : {}) },
        now,
      );
      const away = cover
        ? `${before.supervisor.displayName} is away (back ${formatLocal(cover.endsAt, reviewer.tz)})`
        : undefined;
      await enqueue(tx, now, [
        taskNotice(actor, updated, reviewer.id, "submitted", {
          ...forReviewer,
          lines: [
            `${actor.person.displayName} submitted ${ref} for your review (round ${updated.round}).`,
            ...(away ? [`${away}; you cover for them.`] : []),
            ...(cmd.notes ? [`Notes: ${cmd.notes}`] : []),
            ...forReviewer.lines,
          ],
        }),
      ]);
      return {
        tone: "success",
        lines: cover
          ? [
              `Submitted ${ref} for review (round ${updated.round}). ${before.supervisor.displayName} is away (back ${formatLocal(cover.endsAt, actor.person.tz)}); ${reviewer.displayName} covers for them and has your submission.`,
            ]
          : [`Submitted ${ref} to ${before.supervisor.displayName} for review (round ${updated.round}).`],
        audience: "private",
      };
    },
  });

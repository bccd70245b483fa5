import { taskQuestions } from "../../db/schema.js";
import type { Command } from "../domain/command.js";
import { DelegateError } from "../domain/errors.js";
import { coveredFor, maySupervise, mayWork } from "../domain/policy.js";
import { isFinal } from "../domain/status-machine.js";
import { offShiftLines } from "../views/off-shift-lines.js";
import { type PersonSummary, taskRef, taskView } from "../views/task-view.js";
import type { View } from "../views/view.js";
import { markAcknowledged } from "./acknowledge-task.js";
import type { Actor } from "./actor.js";
import { describeState } from "./change-task.js";
import { activeCover, coverDetail, coveringFor } from "./cover.js";
import type { Deps } from "./deps.js";
import { enqueue } from "./outbox.js";
import { recordAudit } from "./record-audit.js";
import { loadVisibleTask } from "./task-loader.js";

type Ask = Extract<Command, { name: "ask" }>;

/**
 * `ask T-n "…"`: a question or a blocker between the two sides of a task — the assignee and the
 * supervising attorney (or, while the supervisor is away, whoever covers for them; admins may ask
 * the assignee too). It goes by direct message to the other side, stays in the task's history,
 * and from the assignee it acknowledges the assignment.
 */
export const askQuestion = async (deps: Deps, actor: Actor, cmd: Ask): Promise<View> => {
  const now = deps.clock.now();
  const covering = await coveringFor(deps.db, actor, now);
  return deps.db.transaction(async (tx) => {
    const d = await loadVisibleTask(tx, actor, cmd.task);
    const t = d.task;
    const ref = taskRef(t.number);
    const fromAssignee = mayWork(actor.person, t);
    if (!fromAssignee && !maySupervise(actor.person, t, covering)) {
      throw new DelegateError(
        "forbidden",
        `Questions on ${ref} go between ${d.assignee.displayName}, who does it, and ${d.supervisor.displayName}, who supervises it (or whoever covers for them).`,
      );
    }
    if (isFinal(t.status)) {
      throw new DelegateError(
        "conflict",
        `${describeState(d, actor.person.tz)} Questions are for open tasks.`,
      );
    }
    let to: PersonSummary = d.assignee;
    let note: string | undefined;
    if (fromAssignee) {
      const cover = await activeCover(tx, t.supervisorId, now);
      to = cover?.cover ?? d.supervisor;
      if (cover) note = `${d.supervisor.displayName} is away; ${to.displayName} covers for them.`;
    }
    const covered = fromAssignee ? undefined : coveredFor(actor.person, t, covering);
    const [question] = await tx
      .insert(taskQuestions)
      .values({
        firmId: actor.firm.id,
        taskId: t.id,
        askedBy: actor.person.id,
        askedTo: to.id,
        text: cmd.text,
        askedAt: now,
      })
      .returning({ id: taskQuestions.id });
    if (!question) throw new Error("insert returned no question");
    if (fromAssignee) await markAcknowledged(tx, actor, t, now, "ask");
    await recordAudit(tx, {
      firmId: actor.firm.id,
      at: now,
      actorId: actor.person.id,
      taskId: t.id,
      matterId: t.matterId,
      subjectId: to.id,
      action: "task.question_asked",
      detail: coverDetail(covered),
    });
    const forRecipient = taskView(
      d,
      { ...to, ...(fromAssignee && to.id !== t.supervisorId ? { covering: [t.supervisorId] } : {}) },
      now,
    );
    await enqueue(tx, now, [
      {
        firmId: actor.firm.id,
        personId: to.id,
        kind: "task.question",
        dedupeKey: `task:${t.id}:question:${question.id}`,
        view: {
          ...forRecipient,
          tone: "info",
          lines: [
            `${actor.person.displayName} asks about ${ref}: ${cmd.text}`,
            ...(note ? [`${d.supervisor.displayName} is away; you cover for them.`] : []),
            `Answer with: ask ${ref} "your answer"`,
            ...forRecipient.lines,
          ],
        },
      },
    ]);
    return {
      tone: "success",
      lines: [
        `Sent your question on ${ref} to ${to.displayName}.`,
        ...(note ? [note] : []),
        ...offShiftLines(to, now, actor.person.tz, fromAssignee ? undefined : t.dueAt),
      ],
      audience: "private",
    };
  });
};

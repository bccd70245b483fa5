import { eq, sql } from "drizzle-orm";
import { type ColumnValues, columnPlaceholders, preparedPerHandle } from "../../db/prepared.js";
import { firms, type Person, tasks } from "../../db/schema.js";
import type { Command } from "../domain/command.js";
import { courtDeadlineDueAt, isCourtDay } from "../domain/court-days.js";
import { formatLocal, resolveDueTime } from "../domain/due-time.js";
import { DelegateError } from "../domain/errors.js";
import { assignmentBlocker, requireRole } from "../domain/policy.js";
import { estimateFor } from "../domain/recovered-hours.js";
import { formatWorkingHours, isWithinWorkingHours } from "../domain/working-hours.js";
import { zoneTime } from "../domain/zone-names.js";
import { offShiftLines } from "../views/off-shift-lines.js";
import { dateLabel, dueLabel, taskRef, taskView } from "../views/task-view.js";
import type { View } from "../views/view.js";
import { plural } from "../views/words.js";
import { ackClock } from "./acknowledge-task.js";
import { type Actor, findPerson } from "./actor.js";
import type { Deps } from "./deps.js";
import { firmCalendar } from "./holiday-service.js";
import { refuseLawyerOnlyWork } from "./lawyer-only-guard.js";
import { findMatter } from "./matter-service.js";
import { enqueue } from "./outbox.js";
import { recordAudit } from "./record-audit.js";
import { staffOnMatter } from "./staffing.js";
import { taskNotice } from "./task-guards.js";

type Assign = Extract<Command, { name: "assign" }>;

const ASSIGN_USAGE =
  'assign @user "title" matter:M-2024-118 due:"fri 5pm" [est:3h] [type:document_review] [notes:"…"]';

/** A due time outside the assignee's working hours is accepted, with a warning (the label already shows their time). */
export const offHoursWarning = (
  dueAt: Date,
  assignee: Pick<Person, "displayName" | "tz" | "workStart" | "workEnd" | "workDays">,
): string[] =>
  isWithinWorkingHours(dueAt, assignee)
    ? []
    : [
        `Note: that is outside ${assignee.displayName}'s working hours (${formatWorkingHours(assignee)}, ${zoneTime(assignee.tz)}).`,
      ];

type CourtDue = Extract<Assign["due"], { kind: "court" }>;

/**
 * `court-deadline:` with `review:`: the end of the firm's working day `review` court days before
 * the court's deadline, skipping weekends and the firm's holidays. A deadline already past, or a
 * review buffer that has already begun, is refused: there would be no time left to plan.
 */
const planFromCourtDeadline = async (
  deps: Deps,
  actor: Actor,
  due: CourtDue,
  today: string,
  now: Date,
): Promise<{ dueAt: Date; notes: string[]; warnings: string[] }> => {
  if (due.deadline < today) {
    throw new DelegateError("invalid", `The court deadline ${dateLabel(due.deadline)} has passed.`, {
      fields: { due: "That court deadline has passed." },
    });
  }
  const calendar = await firmCalendar(deps.db, actor.firm);
  const dueAt = courtDeadlineDueAt(due.deadline, due.reviewDays, calendar, actor.firm.tz);
  if (dueAt.getTime() <= now.getTime()) {
    throw new DelegateError(
      "invalid",
      `With ${plural(due.reviewDays, "court day")} kept for review before the court deadline of ${dateLabel(due.deadline)}, the work would have been due ${formatLocal(dueAt, actor.person.tz)}, which has passed. Keep fewer days for review (review:0d) or give a due time with due:"…".`,
      { fields: { due: "The review time before that court deadline has already begun." } },
    );
  }
  const days = plural(due.reviewDays, "court day");
  return {
    dueAt,
    notes: [
      `Planned from the court deadline of ${dateLabel(due.deadline)}, keeping ${days} for your review: due at the end of the firm's working day.`,
    ],
    warnings: isCourtDay(due.deadline, calendar)
      ? []
      : [
          "Note: the court deadline is not a court day (a weekend or a holiday); the plan counts from the court day before it.",
        ],
  };
};

// An assign's two writes of its own, built once (db/prepared.ts): the firm's task counter, and the task.
const bumpTaskNumber = preparedPerHandle((db) =>
  db
    .update(firms)
    .set({ lastTaskNumber: sql`${firms.lastTaskNumber} + 1` })
    .where(eq(firms.id, sql.placeholder("firmId")))
    .returning({ n: firms.lastTaskNumber })
    .prepare("bump_task_number"),
);

const TASK_COLUMNS = [
  "firmId",
  "number",
  "matterId",
  "category",
  "title",
  "instructions",
  "assigneeId",
  "supervisorId",
  "dueAt",
  "courtDeadline",
  "reviewBufferDays",
  "ackAlertAt",
  "ackAdminsAt",
  "estMinutes",
  "createdAt",
  "updatedAt",
] as const;
type NewTask = ColumnValues<typeof tasks, (typeof TASK_COLUMNS)[number]>;

// Returns the whole row, mapped as a per-call insert's (views read it).
const insertTaskStatement = preparedPerHandle((db) =>
  db.insert(tasks).values(columnPlaceholders(tasks, TASK_COLUMNS)).returning().prepare("insert_task"),
);

const unwrap = <T>(result: PromiseSettledResult<T>): T => {
  if (result.status === "rejected") throw result.reason;
  return result.value;
};

export const assignTask = async (deps: Deps, actor: Actor, cmd: Assign, today: string): Promise<View> => {
  requireRole(actor.person, ["admin", "attorney"], "assign work");
  const now = deps.clock.now();
  refuseLawyerOnlyWork(actor.firm, { title: cmd.title, notes: cmd.notes }, "assign");
  const court = cmd.due.kind === "court" ? cmd.due : undefined;
  const plan =
    cmd.due.kind === "time"
      ? {
          dueAt: resolveDueTime(cmd.due.text, { now, zone: actor.person.tz, hours: actor.person }),
          notes: [],
          warnings: [],
        }
      : await planFromCourtDeadline(deps, actor, cmd.due, today, now);
  const dueAt = plan.dueAt;
  return deps.db.transaction(async (tx) => {
    // The look-ups and the counter go out together (pipelined on one connection: one round trip,
    // docs/performance.md); their refusals keep this order, and a refusal rolls the counter back.
    // The firm row's counter hands out T-numbers; its row lock serialises concurrent assigns.
    const [person, onMatter, bumped] = await Promise.allSettled([
      findPerson(tx, actor, cmd.user),
      findMatter(tx, actor.firm.id, cmd.matter),
      bumpTaskNumber(tx).execute({ firmId: actor.firm.id }),
    ]);
    const assignee = unwrap(person);
    const blocker = assignmentBlocker(assignee, today);
    if (blocker) throw new DelegateError("invalid", blocker, { usage: ASSIGN_USAGE });
    const matter = unwrap(onMatter);
    const [counter] = unwrap(bumped);
    if (!counter) throw new Error("firm vanished");
    const newTask: NewTask = {
      firmId: actor.firm.id,
      number: counter.n,
      matterId: matter.id,
      category: cmd.category ?? "other",
      title: cmd.title,
      instructions: cmd.notes ?? null,
      assigneeId: assignee.id,
      supervisorId: actor.person.id,
      dueAt,
      courtDeadline: court?.deadline ?? null,
      reviewBufferDays: court?.reviewDays ?? null,
      ...ackClock(assignee, now, actor.firm.ackWithinMinutes),
      // Resolved now: a firm default changed later does not change what this task saves.
      estMinutes: estimateFor(actor.firm, cmd.category ?? "other", cmd.estMinutes),
      createdAt: now,
      updatedAt: now,
    };
    // The grant goes out with the task (it needs no task id); a refused grant is reported first.
    const [staffed, added] = await Promise.allSettled([
      staffOnMatter(tx, actor, matter, assignee, now, "assign"),
      insertTaskStatement(tx).execute(newTask),
    ]);
    unwrap(staffed);
    const [task] = unwrap(added);
    if (!task) throw new Error("insert returned no task");
    const details = { task, matterNumber: matter.number, assignee, supervisor: actor.person };
    const forAssignee = taskView(details, assignee, now);
    const audited = recordAudit(tx, {
      firmId: actor.firm.id,
      at: now,
      actorId: actor.person.id,
      taskId: task.id,
      matterId: matter.id,
      subjectId: assignee.id,
      action: "task.assigned",
      detail: {
        status: task.status,
        version: task.version,
        dueAt: dueAt.toISOString(),
        category: task.category,
        ...(court ? { courtDeadline: court.deadline, reviewDays: court.reviewDays } : {}),
      },
    });
    const queued = enqueue(tx, now, [
      taskNotice(actor, task, assignee.id, "assigned", {
        ...forAssignee,
        lines: [`${actor.person.displayName} assigned you ${taskRef(task.number)}.`, ...forAssignee.lines],
      }),
    ]);
    await Promise.all([audited, queued]);
    const warnings = [...plan.warnings, ...offHoursWarning(dueAt, assignee)];
    return {
      tone: warnings.length > 0 ? "warning" : "success",
      lines: [
        `Assigned ${taskRef(task.number)} to ${assignee.displayName} on ${matter.number}, due ${dueLabel(dueAt, actor.person.tz, assignee)}.`,
        ...plan.notes,
        ...warnings,
        ...offShiftLines(assignee, now, actor.person.tz, dueAt),
      ],
      audience: "private",
    };
  });
};

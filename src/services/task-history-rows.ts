import { type AnyColumn, eq, getTableName, inArray, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Executor } from "../../db/client.js";
import { preparedPerHandle } from "../../db/prepared.js";
import {
  auditEvents,
  people,
  reviews,
  submissions,
  taskQuestions,
  tasks,
  timeEntries,
} from "../../db/schema.js";

/*
 * What a task's history is made of, read in one statement: the audit events of the steps that have
 * no table of their own, and the rows each other step wrote (submissions, reviews, questions, time
 * entries), each with the names its line shows. task-history.ts turns them into lines.
 */

/** The audit events a history shows. */
const HISTORY_ACTIONS = [
  "task.assigned",
  "task.reassigned",
  "task.acknowledged",
  "task.in_progress",
  "task.due_changed",
  "task.cancelled",
];

const actor = alias(people, "actor");
const subject = alias(people, "subject");
const other = alias(people, "other");

/** `people` under one of the aliases above, in raw SQL's from clause (an alias alone renders as its name). */
const peopleAs = (as: typeof actor | typeof subject | typeof other) =>
  sql`${people} ${sql.identifier(getTableName(as))}`;

/** An instant as epoch milliseconds: a number in JSON, read the same from either engine. */
const epochMs = (at: AnyColumn) => sql`floor(extract(epoch from ${at}) * 1000)::float8`;

/**
 * The rows `from` selects, as a JSON array of objects with these fields (in `order`, if given). The
 * field names are the code's own and written into the statement, so they must be plain words.
 */
const jsonRows = (fields: Record<string, SQL | AnyColumn>, from: SQL, order?: AnyColumn) => {
  const pairs = sql.join(
    Object.entries(fields).map(([key, value]) => {
      if (!/^[a-zA-Z]+$/.test(key)) throw new Error(`not a field name: ${key}`);
      return sql`${sql.raw(`'${key}'`)}, ${value}`;
    }),
    sql`, `,
  );
  return sql`(select coalesce(json_agg(json_build_object(${pairs})${order ? sql` order by ${order}` : sql``}), '[]') ${from})`;
};

/**
 * A task's whole history in one statement instead of five (docs/performance.md, "A task's
 * history in one statement"): each kind of entry a JSON array of what its lines show, with the names.
 */
const historyQuery = preparedPerHandle((db) =>
  db
    .select({
      events: jsonRows(
        {
          at: epochMs(auditEvents.at),
          action: auditEvents.action,
          detail: auditEvents.detail,
          actor: actor.displayName,
          subject: subject.displayName,
        },
        sql`from ${auditEvents}
      left join ${peopleAs(actor)} on ${actor.id} = ${auditEvents.actorId}
      left join ${peopleAs(subject)} on ${subject.id} = ${auditEvents.subjectId}
      where ${auditEvents.taskId} = ${tasks.id} and ${inArray(auditEvents.action, HISTORY_ACTIONS)}`,
        auditEvents.id,
      ),
      rounds: jsonRows(
        {
          submittedBy: submissions.submittedBy,
          at: epochMs(submissions.submittedAt),
          spentMinutes: submissions.spentMinutes,
          round: submissions.round,
          notes: submissions.notes,
          by: actor.displayName,
        },
        sql`from ${submissions} join ${peopleAs(actor)} on ${actor.id} = ${submissions.submittedBy}
      where ${submissions.taskId} = ${tasks.id}`,
      ),
      decisions: jsonRows(
        {
          at: epochMs(reviews.decidedAt),
          decision: reviews.decision,
          round: reviews.round,
          reason: reviews.reason,
          reviewMinutes: reviews.reviewMinutes,
          comment: reviews.comment,
          by: actor.displayName,
          coveredFor: other.displayName,
        },
        sql`from ${reviews} join ${peopleAs(actor)} on ${actor.id} = ${reviews.reviewerId}
      left join ${peopleAs(other)} on ${other.id} = ${reviews.coveredFor}
      where ${reviews.taskId} = ${tasks.id}`,
      ),
      questions: jsonRows(
        {
          at: epochMs(taskQuestions.askedAt),
          text: taskQuestions.text,
          by: actor.displayName,
          to: other.displayName,
        },
        sql`from ${taskQuestions} join ${peopleAs(actor)} on ${actor.id} = ${taskQuestions.askedBy}
      left join ${peopleAs(other)} on ${other.id} = ${taskQuestions.askedTo}
      where ${taskQuestions.taskId} = ${tasks.id}`,
      ),
      logged: jsonRows(
        {
          personId: timeEntries.personId,
          at: epochMs(timeEntries.loggedAt),
          minutes: timeEntries.minutes,
          note: timeEntries.note,
          by: actor.displayName,
        },
        sql`from ${timeEntries} join ${peopleAs(actor)} on ${actor.id} = ${timeEntries.personId}
      where ${timeEntries.taskId} = ${tasks.id}`,
      ),
    })
    .from(tasks)
    .where(eq(tasks.id, sql.placeholder("taskId")))
    .prepare("task_history"),
);

const instant = z.number().transform((ms) => new Date(ms));
const name = z.string().nullable();
const count = z.number().int().nullable();
/** JSON as the engine hands it: postgres.js parses json columns, PGlite may too; text is parsed here. */
const jsonArray = <T extends z.ZodType>(row: T) =>
  z.preprocess((v) => (typeof v === "string" ? JSON.parse(v) : v), z.array(row));
const historyRow = z.object({
  events: jsonArray(
    z.object({
      at: instant,
      action: z.string(),
      detail: z.record(z.string(), z.unknown()),
      actor: name,
      subject: name,
    }),
  ),
  rounds: jsonArray(
    z.object({
      submittedBy: z.string(),
      at: instant,
      spentMinutes: count,
      round: z.number().int(),
      notes: name,
      by: z.string(),
    }),
  ),
  decisions: jsonArray(
    z.object({
      at: instant,
      decision: z.string(),
      round: z.number().int(),
      reason: name,
      reviewMinutes: count,
      comment: name,
      by: z.string(),
      coveredFor: name,
    }),
  ),
  questions: jsonArray(z.object({ at: instant, text: z.string(), by: z.string(), to: name })),
  logged: jsonArray(
    z.object({ personId: z.string(), at: instant, minutes: z.number().int(), note: name, by: z.string() }),
  ),
});

export type TaskHistoryRows = z.infer<typeof historyRow>;

export const readTaskHistory = async (db: Executor, taskId: string): Promise<TaskHistoryRows> => {
  const [raw] = await historyQuery(db).execute({ taskId });
  if (!raw) throw new Error("the task whose history was asked for is gone");
  return historyRow.parse(raw);
};

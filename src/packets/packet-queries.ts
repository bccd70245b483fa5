import { and, asc, eq, gte, inArray, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "../../db/client.js";
import {
  auditEvents,
  matterStaff,
  matters,
  type Person,
  people,
  reviews,
  submissions,
  taskQuestions,
  tasks,
  timeEntries,
} from "../../db/schema.js";

/*
 * What a supervision packet reads (docs/supervision-review.md). Every query is scoped to one firm
 * and, for a person's packet, to that person: what another professional did on the same task
 * (their rounds, time, reads) is not theirs to show.
 */

/** A half-open period [from, to); either end may be open. */
export interface Period {
  from?: Date;
  to?: Date;
}

const inPeriod = (column: Parameters<typeof gte>[0], p: Period): SQL | undefined =>
  and(p.from ? gte(column, p.from) : undefined, p.to ? lt(column, p.to) : undefined);

const granter = alias(people, "granter");
const remover = alias(people, "remover");

/** A person's grants (optionally on one matter) that overlap the period, oldest first. */
export const grantsOf = (db: Executor, personId: string, period: Period, matterId?: string) =>
  db
    .select({
      grant: matterStaff,
      matterNumber: matters.number,
      matterTitle: matters.title,
      grantedBy: granter.displayName,
      removedBy: remover.displayName,
    })
    .from(matterStaff)
    .innerJoin(matters, eq(matters.id, matterStaff.matterId))
    .leftJoin(granter, eq(granter.id, matterStaff.staffedBy))
    .leftJoin(remover, eq(remover.id, matterStaff.removedBy))
    .where(
      and(
        eq(matterStaff.personId, personId),
        matterId ? eq(matterStaff.matterId, matterId) : undefined,
        period.to ? lt(matterStaff.createdAt, period.to) : undefined,
        period.from ? or(isNull(matterStaff.removedAt), gte(matterStaff.removedAt, period.from)) : undefined,
      ),
    )
    .orderBy(asc(matterStaff.createdAt));

export type GrantRow = Awaited<ReturnType<typeof grantsOf>>[number];

const actor = alias(people, "actor");

/** Audit events about a person (their profile and NDA), for the NDA history. */
export const profileEventsOf = (db: Executor, firmId: string, personId: string) =>
  db
    .select({ event: auditEvents, actorName: actor.displayName })
    .from(auditEvents)
    .leftJoin(actor, eq(actor.id, auditEvents.actorId))
    .where(
      and(
        eq(auditEvents.firmId, firmId),
        eq(auditEvents.subjectId, personId),
        inArray(auditEvents.action, [
          "person.added",
          "person.identity_linked",
          "person.updated",
          "person.deactivated",
        ]),
      ),
    )
    .orderBy(asc(auditEvents.id));

/**
 * The tasks a person worked on (optionally on one matter) with something in the period: tasks
 * they hold, were assigned or reassigned, submitted, or logged time on.
 */
export const tasksOf = async (
  db: Executor,
  firmId: string,
  personId: string,
  period: Period,
  matterId?: string,
) => {
  const involved = or(
    eq(tasks.assigneeId, personId),
    sql`exists (select 1 from ${auditEvents} ae where ae.task_id = ${tasks.id} and ae.subject_id = ${personId}
      and ae.action in ('task.assigned', 'task.reassigned'))`,
    sql`exists (select 1 from ${submissions} s where s.task_id = ${tasks.id} and s.submitted_by = ${personId})`,
    sql`exists (select 1 from ${timeEntries} te where te.task_id = ${tasks.id} and te.person_id = ${personId})`,
  );
  const active = and(
    period.to ? lt(tasks.createdAt, period.to) : undefined,
    period.from ? gte(tasks.updatedAt, period.from) : undefined,
  );
  const supervisor = alias(people, "supervisor");
  const holder = alias(people, "holder");
  return db
    .select({
      task: tasks,
      matterNumber: matters.number,
      supervisorName: supervisor.displayName,
      holderName: holder.displayName,
    })
    .from(tasks)
    .innerJoin(matters, eq(matters.id, tasks.matterId))
    .innerJoin(supervisor, eq(supervisor.id, tasks.supervisorId))
    .innerJoin(holder, eq(holder.id, tasks.assigneeId))
    .where(
      and(eq(tasks.firmId, firmId), matterId ? eq(tasks.matterId, matterId) : undefined, involved, active),
    )
    .orderBy(asc(tasks.number));
};

export type TaskRow = Awaited<ReturnType<typeof tasksOf>>[number];

const reviewer = alias(people, "reviewer");
const asker = alias(people, "asker");
const askee = alias(people, "askee");

/** Per task: the person's submissions, the reviews of those rounds, their time and their questions. */
export const taskWorkOf = async (db: Executor, personId: string, taskIds: string[]) => {
  if (taskIds.length === 0) return { rounds: [], decisions: [], time: [], questions: [] };
  const rounds = await db
    .select()
    .from(submissions)
    .where(and(inArray(submissions.taskId, taskIds), eq(submissions.submittedBy, personId)))
    .orderBy(asc(submissions.submittedAt));
  const decisions =
    rounds.length === 0
      ? []
      : await db
          .select({ review: reviews, reviewerName: reviewer.displayName })
          .from(reviews)
          .innerJoin(reviewer, eq(reviewer.id, reviews.reviewerId))
          .innerJoin(
            submissions,
            and(eq(submissions.taskId, reviews.taskId), eq(submissions.round, reviews.round)),
          )
          .where(and(inArray(reviews.taskId, taskIds), eq(submissions.submittedBy, personId)))
          .orderBy(asc(reviews.decidedAt));
  const time = await db
    .select()
    .from(timeEntries)
    .where(and(inArray(timeEntries.taskId, taskIds), eq(timeEntries.personId, personId)))
    .orderBy(asc(timeEntries.loggedAt), asc(timeEntries.id));
  const questions = await db
    .select({ question: taskQuestions, askedBy: asker.displayName, askedTo: askee.displayName })
    .from(taskQuestions)
    .innerJoin(asker, eq(asker.id, taskQuestions.askedBy))
    .leftJoin(askee, eq(askee.id, taskQuestions.askedTo))
    .where(
      and(
        inArray(taskQuestions.taskId, taskIds),
        or(eq(taskQuestions.askedBy, personId), eq(taskQuestions.askedTo, personId)),
      ),
    )
    .orderBy(asc(taskQuestions.askedAt));
  return { rounds, decisions, time, questions };
};

export type TaskWork = Awaited<ReturnType<typeof taskWorkOf>>;

/**
 * What the person read (audited reads) or tried to reach and was refused, in the period,
 * optionally limited to one matter and its tasks.
 */
export const accessEventsOf = (
  db: Executor,
  firmId: string,
  personId: string,
  period: Period,
  matterId?: string,
) =>
  db
    .select({ event: auditEvents, taskNumber: tasks.number, matterNumber: matters.number })
    .from(auditEvents)
    .leftJoin(tasks, eq(tasks.id, auditEvents.taskId))
    .leftJoin(matters, eq(matters.id, auditEvents.matterId))
    .where(
      and(
        eq(auditEvents.firmId, firmId),
        eq(auditEvents.actorId, personId),
        inArray(auditEvents.action, [
          "task.viewed",
          "task.listed",
          "matter.viewed",
          "matter.listed",
          "access.refused",
        ]),
        inPeriod(auditEvents.at, period),
        matterId
          ? or(
              eq(auditEvents.matterId, matterId),
              // A list over several matters names them (and its tasks by matter) in the detail.
              and(
                eq(auditEvents.action, "task.listed"),
                sql`(${auditEvents.detail} -> 'tasks' -> (select m.number from ${matters} m where m.id = ${matterId})) is not null`,
              ),
              and(
                eq(auditEvents.action, "matter.listed"),
                sql`(${auditEvents.detail} -> 'matters') @> jsonb_build_array((select m.number from ${matters} m where m.id = ${matterId}))`,
              ),
            )
          : undefined,
      ),
    )
    .orderBy(asc(auditEvents.id));

export type AccessRow = Awaited<ReturnType<typeof accessEventsOf>>[number];

/** Everyone who worked on a matter: granted access to it, or held or worked a task on it. */
export const peopleOnMatter = async (db: Executor, firmId: string, matterId: string): Promise<Person[]> =>
  db
    .select()
    .from(people)
    .where(
      and(
        eq(people.firmId, firmId),
        or(
          sql`exists (select 1 from ${matterStaff} ms where ms.person_id = ${people.id} and ms.matter_id = ${matterId})`,
          sql`exists (select 1 from ${tasks} t where t.matter_id = ${matterId} and t.assignee_id = ${people.id})`,
          sql`exists (select 1 from ${submissions} s join ${tasks} t on t.id = s.task_id
            where t.matter_id = ${matterId} and s.submitted_by = ${people.id})`,
          sql`exists (select 1 from ${timeEntries} te join ${tasks} t on t.id = te.task_id
            where t.matter_id = ${matterId} and te.person_id = ${people.id})`,
        ),
      ),
    )
    .orderBy(asc(people.displayName));

/** The matter's own history: when it was opened and every change of its restrictions, consent or billing. */
export const matterEventsOf = (db: Executor, firmId: string, matterId: string) =>
  db
    .select({ event: auditEvents, actorName: actor.displayName })
    .from(auditEvents)
    .leftJoin(actor, eq(actor.id, auditEvents.actorId))
    .where(
      and(
        eq(auditEvents.firmId, firmId),
        eq(auditEvents.matterId, matterId),
        inArray(auditEvents.action, ["matter.created", "matter.updated"]),
      ),
    )
    .orderBy(asc(auditEvents.id));

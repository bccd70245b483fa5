import { sql } from "drizzle-orm";
import {
  bigserial,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import {
  billModeEnum,
  categoryEnum,
  createdAt,
  decisionEnum,
  defectEnum,
  deliveryEnum,
  statusEnum,
} from "./columns.js";
import { firms, people } from "./firm.js";

/* The work: matters and their staffing, tasks, submission rounds, reviews, time, questions, covers. */

export const matters = pgTable(
  "matters",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    firmId: uuid("firm_id")
      .notNull()
      .references(() => firms.id),
    number: text("number").notNull(),
    title: text("title").notNull(),
    client: text("client"),
    area: text("area"),
    /** Delivery models allowed to work on the matter; null: all of them. */
    allowedDelivery: deliveryEnum("allowed_delivery").array(),
    /** The client's informed consent to outsourcing (ABA Formal Opinion 08-451): when, and where it is recorded. */
    consentOn: date("consent_on", { mode: "string" }),
    consentRef: text("consent_ref"),
    /** How professionals' time on this matter is billed to the client. */
    billMode: billModeEnum("bill_mode").notNull().default("rate"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("matters_firm_number_uq").on(t.firmId, t.number)],
);

/**
 * Need-to-know: which professionals may see a matter, and when. A row is one grant; removing
 * access stamps it (never deletes it), so the history of who could see what stays.
 */
export const matterStaff = pgTable(
  "matter_staff",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    matterId: uuid("matter_id")
      .notNull()
      .references(() => matters.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    staffedBy: uuid("staffed_by").references(() => people.id),
    /** When access was granted. */
    createdAt: createdAt(),
    removedAt: timestamp("removed_at", { withTimezone: true }),
    removedBy: uuid("removed_by").references(() => people.id),
    /** Why access ended, in the vocabulary of STAFFING_END_REASONS. */
    removedReason: text("removed_reason"),
  },
  (t) => [
    /** At most one current grant per person and matter. */
    uniqueIndex("matter_staff_current_uq").on(t.matterId, t.personId).where(sql`${t.removedAt} is null`),
    index("matter_staff_person_idx").on(t.personId),
  ],
);

export const tasks = pgTable(
  "tasks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    firmId: uuid("firm_id")
      .notNull()
      .references(() => firms.id),
    number: integer("number").notNull(),
    matterId: uuid("matter_id")
      .notNull()
      .references(() => matters.id),
    category: categoryEnum("category").notNull(),
    title: text("title").notNull(),
    instructions: text("instructions"),
    assigneeId: uuid("assignee_id")
      .notNull()
      .references(() => people.id),
    supervisorId: uuid("supervisor_id")
      .notNull()
      .references(() => people.id),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    /** Attorney minutes saved as estimated at assignment (null: the firm's default for the type). */
    estMinutes: integer("est_minutes"),
    /** Total of the task's time entries (kept with them in the same transaction). */
    spentMinutes: integer("spent_minutes").notNull().default(0),
    /** Set with `court-deadline:`: the court's date, and the court days kept for review before it. */
    courtDeadline: date("court_deadline", { mode: "string" }),
    reviewBufferDays: integer("review_buffer_days"),
    /**
     * The due time in force when the task first went overdue; null while it never did (then the
     * current due time is the committed one). Moving the due time after a miss does not erase it.
     */
    committedDueAt: timestamp("committed_due_at", { withTimezone: true }),
    /** When the assignee acknowledged the assignment (`ack`, `start` or `ask`); reset on reassignment. */
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    /**
     * While unacknowledged: when the supervisor is told (the firm's ack-within of the assignee's
     * working time after the assignment), and when the admins are (as much again). Set at
     * assignment and reassignment, so the alert tick reads them off an index like due times.
     */
    ackAlertAt: timestamp("ack_alert_at", { withTimezone: true }),
    ackAdminsAt: timestamp("ack_admins_at", { withTimezone: true }),
    status: statusEnum("status").notNull().default("assigned"),
    /** Incremented by every change; transitions are conditional on it. */
    version: integer("version").notNull().default(1),
    /** Submission round, 0 before the first submission. */
    round: integer("round").notNull().default(0),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    approvedBy: uuid("approved_by").references(() => people.id),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("tasks_firm_number_uq").on(t.firmId, t.number),
    index("tasks_firm_status_due_idx").on(t.firmId, t.status, t.dueAt),
    /** Lists page through a firm's tasks in this order: the first page is read off the index, unsorted. */
    index("tasks_firm_due_idx").on(t.firmId, t.dueAt, t.number),
    index("tasks_assignee_status_idx").on(t.assigneeId, t.status),
    index("tasks_supervisor_status_idx").on(t.supervisorId, t.status),
    index("tasks_firm_approved_idx").on(t.firmId, t.approvedAt),
    index("tasks_open_due_idx")
      .on(t.dueAt)
      .where(sql`${t.status} in ('assigned','in_progress','submitted','changes_requested')`),
    /** The review-reminder tick reads only tasks waiting for review: a small partial index, not a scan. */
    index("tasks_submitted_idx").on(t.firmId).where(sql`${t.status} = 'submitted'`),
    /** The alert tick finds assignments whose acknowledgement time ran out since its previous run. */
    index("tasks_ack_alert_idx").on(t.ackAlertAt).where(sql`${t.acknowledgedAt} is null`),
    index("tasks_ack_admins_idx").on(t.ackAdminsAt).where(sql`${t.acknowledgedAt} is null`),
    /** The alert tick re-plans open tasks changed since its previous run (a due time moved, work sent back). */
    index("tasks_open_updated_idx")
      .on(t.updatedAt)
      .where(sql`${t.status} in ('assigned','in_progress','submitted','changes_requested')`),
  ],
);

export const submissions = pgTable(
  "submissions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    taskId: uuid("task_id")
      .notNull()
      .references(() => tasks.id),
    round: integer("round").notNull(),
    submittedBy: uuid("submitted_by")
      .notNull()
      .references(() => people.id),
    notes: text("notes"),
    spentMinutes: integer("spent_minutes"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("submissions_task_round_uq").on(t.taskId, t.round),
    /** The alert tick finds the submissions whose review reminder fell due since its previous run. */
    index("submissions_submitted_idx").on(t.submittedAt),
  ],
);

/** One decision per submission round: the unique index is the last line against double approval. */
export const reviews = pgTable(
  "reviews",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    taskId: uuid("task_id")
      .notNull()
      .references(() => tasks.id),
    round: integer("round").notNull(),
    reviewerId: uuid("reviewer_id")
      .notNull()
      .references(() => people.id),
    decision: decisionEnum("decision").notNull(),
    comment: text("comment"),
    reason: defectEnum("reason"),
    /** Attorney minutes spent reviewing this round (`review:45m`). */
    reviewMinutes: integer("review_minutes"),
    /** When the reviewer decided as the cover of the supervisor who was away. */
    coveredFor: uuid("covered_for").references(() => people.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("reviews_task_round_uq").on(t.taskId, t.round),
    index("reviews_decided_idx").on(t.decidedAt),
  ],
);

/** Time worked on a task, per person: `log`, and `spent:` on `submit`. It stays with who logged it. */
export const timeEntries = pgTable(
  "time_entries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    firmId: uuid("firm_id")
      .notNull()
      .references(() => firms.id),
    taskId: uuid("task_id")
      .notNull()
      .references(() => tasks.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    minutes: integer("minutes").notNull(),
    /** What was done (confidential, like all task text). */
    note: text("note"),
    /** The task's submission round when the time was logged (0 before the first submission). */
    round: integer("round").notNull(),
    loggedAt: timestamp("logged_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("time_entries_task_idx").on(t.taskId, t.id),
    index("time_entries_person_idx").on(t.firmId, t.personId, t.loggedAt),
  ],
);

/** Questions and blockers raised on a task (`ask`), in either direction; part of its history. */
export const taskQuestions = pgTable(
  "task_questions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    firmId: uuid("firm_id")
      .notNull()
      .references(() => firms.id),
    taskId: uuid("task_id")
      .notNull()
      .references(() => tasks.id),
    askedBy: uuid("asked_by")
      .notNull()
      .references(() => people.id),
    /** Who it was delivered to. */
    askedTo: uuid("asked_to").references(() => people.id),
    /** Confidential, like all task text. */
    text: text("text").notNull(),
    askedAt: timestamp("asked_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("task_questions_task_idx").on(t.taskId, t.id)],
);

/** `away @raj until:… cover:@kim`: kim decides raj's tasks and gets his review notices meanwhile. */
export const coverPeriods = pgTable(
  "cover_periods",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    firmId: uuid("firm_id")
      .notNull()
      .references(() => firms.id),
    /** The person who is away. */
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    coverId: uuid("cover_id")
      .notNull()
      .references(() => people.id),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    /** First instant the person is back (the day after `until:`, in their zone). */
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    /** Set by `away @raj off` before endsAt. */
    endedAt: timestamp("ended_at", { withTimezone: true }),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => people.id),
    createdAt: createdAt(),
  },
  (t) => [index("cover_periods_person_idx").on(t.firmId, t.personId, t.endsAt)],
);
export type Matter = typeof matters.$inferSelect;
export type Task = typeof tasks.$inferSelect;
export type TimeEntry = typeof timeEntries.$inferSelect;
export type TaskQuestion = typeof taskQuestions.$inferSelect;
export type CoverPeriod = typeof coverPeriods.$inferSelect;
export type MatterStaffRow = typeof matterStaff.$inferSelect;

import {
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { billModeEnum, categoryEnum, roleEnum } from "./columns.js";
import { firms, people } from "./firm.js";
import { matters, tasks } from "./work.js";

/* Figures frozen at approval (docs/figures.md): never rewritten. */

/**
 * The figures of an approved task, frozen in the approval's transaction (docs/figures.md): the
 * weekly digest, `hours`, `quality` and the exports read these, so a rate, an estimate, a billing
 * mode or a setting changed later never rewrites a week already reported. Append-only (trigger).
 */
export const approvedFigures = pgTable(
  "approved_figures",
  {
    taskId: uuid("task_id")
      .primaryKey()
      .references(() => tasks.id),
    firmId: uuid("firm_id")
      .notNull()
      .references(() => firms.id),
    approvedAt: timestamp("approved_at", { withTimezone: true }).notNull(),
    matterId: uuid("matter_id")
      .notNull()
      .references(() => matters.id),
    category: categoryEnum("category").notNull(),
    /** The supervising attorney, whose rate values the hours recovered. */
    supervisorId: uuid("supervisor_id")
      .notNull()
      .references(() => people.id),
    /** Whose work was approved, and the provider they worked for then. */
    assigneeId: uuid("assignee_id")
      .notNull()
      .references(() => people.id),
    assigneeProvider: text("assignee_provider"),
    assignedAt: timestamp("assigned_at", { withTimezone: true }).notNull(),
    /** Attorney minutes the task saves (`est:`, else the firm's default for the type at assignment). */
    savedMinutes: integer("saved_minutes").notNull(),
    /** Attorney minutes spent reviewing it, every round (`review:`). */
    reviewMinutes: integer("review_minutes").notNull(),
    /** Per hour recovered: the supervising attorney's rate, else the firm's default rate. */
    valueRate: numeric("value_rate", { precision: 10, scale: 2, mode: "number" }).notNull(),
    valueRateIsFirmDefault: boolean("value_rate_is_firm_default").notNull(),
    billMode: billModeEnum("bill_mode").notNull(),
    currency: text("currency").notNull(),
    /** The committed due time, and whether the approved submission came before it. */
    committedDueAt: timestamp("committed_due_at", { withTimezone: true }).notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull(),
    onTime: boolean("on_time").notNull(),
    /** Submission rounds: 1 is a first-pass approval. */
    rounds: integer("rounds").notNull(),
    /** Changes requested before approval, by reason. */
    reworkReasons: jsonb("rework_reasons").$type<Record<string, number>>().notNull().default({}),
    /** UTBMS task and activity codes for LEDES. */
    utbmsTask: text("utbms_task").notNull(),
    utbmsActivity: text("utbms_activity").notNull(),
  },
  (t) => [index("approved_figures_firm_idx").on(t.firmId, t.approvedAt)],
);

/** Per approved task, each person who logged time on it, with their rates and provider at approval. */
export const approvedTime = pgTable(
  "approved_time",
  {
    taskId: uuid("task_id")
      .notNull()
      .references(() => approvedFigures.taskId),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    role: roleEnum("role").notNull(),
    provider: text("provider"),
    minutes: integer("minutes").notNull(),
    /** Null: no cost rate on file (flagged, never counted as zero silently). */
    costRate: numeric("cost_rate", { precision: 10, scale: 2, mode: "number" }),
    billRate: numeric("bill_rate", { precision: 10, scale: 2, mode: "number" }),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.personId] })],
);

/**
 * The attorneys' scheduled working minutes of a finished week, recorded the first time the week
 * is reported, so the share of their time recovered stays what was posted.
 */
export const attorneyWeekHours = pgTable(
  "attorney_week_hours",
  {
    firmId: uuid("firm_id")
      .notNull()
      .references(() => firms.id),
    weekStart: timestamp("week_start", { withTimezone: true }).notNull(),
    minutes: integer("minutes").notNull(),
    attorneys: integer("attorneys").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.firmId, t.weekStart] })],
);
export type ApprovedFigures = typeof approvedFigures.$inferSelect;
export type ApprovedTime = typeof approvedTime.$inferSelect;

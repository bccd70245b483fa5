import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import {
  BILL_MODES,
  CATEGORIES,
  DEFECT_REASONS,
  DELIVERY_MODELS,
  HOLIDAY_CALENDARS,
  ROLES,
  STATUSES,
} from "./vocabulary.js";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const roleEnum = pgEnum("role", ROLES);
export const categoryEnum = pgEnum("task_category", CATEGORIES);
export const deliveryEnum = pgEnum("delivery_model", DELIVERY_MODELS);
export const statusEnum = pgEnum("task_status", STATUSES);
export const defectEnum = pgEnum("defect_reason", DEFECT_REASONS);
/**
 * A chat platform's name (any registered adapter's, docs/adapter-contract.md), checked by shape:
 * lower case letters, digits and dashes, as PLATFORM_NAME in db/vocabulary.ts.
 */
const platformColumn = () => text("platform").notNull();
const platformNamed = (table: string, column: AnyPgColumn) =>
  check(`${table}_platform_name`, sql`${column} ~ '^[a-z][a-z0-9-]{0,31}$'`);
export const decisionEnum = pgEnum("review_decision", ["approved", "changes_requested"]);
/** `dropped`: not delivered because its recipient could no longer see the task (see dropped_reason). */
export const outboxStatusEnum = pgEnum("outbox_status", ["pending", "sent", "parked", "dropped"]);
export const billModeEnum = pgEnum("bill_mode", BILL_MODES);

/** A law firm: the tenant every other row belongs to. */
export const firms = pgTable("firms", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  tz: text("tz").notNull(),
  /** Default attorney billing rate, per hour, in the firm's currency. */
  defaultRate: numeric("default_rate", { precision: 10, scale: 2, mode: "number" }).notNull(),
  /** Minutes before a due time at which the assignee is alerted. */
  alertOffsets: integer("alert_offsets").array().notNull().default(sql`'{1440,120}'::integer[]`),
  /** Default attorney minutes saved, per task type, when `est:` is not given. */
  estimateDefaults: jsonb("estimate_defaults").$type<Record<string, number>>().notNull().default({}),
  /** Last task number handed out; tasks are numbered T-1, T-2, … per firm. */
  lastTaskNumber: integer("last_task_number").notNull().default(0),
  /** ISO 4217 code shown with every amount. */
  currency: text("currency").notNull().default("USD"),
  /** Highest bill rate ÷ cost rate allowed (ABA Formal Opinion 08-451); null: no limit. */
  markupLimit: numeric("markup_limit", { precision: 6, scale: 2, mode: "number" }),
  /** Professionals work only on matters whose client consented to outsourcing. */
  requireConsent: boolean("require_consent").notNull().default(false),
  /** Working minutes of the assignee within which an assignment must be acknowledged. */
  ackWithinMinutes: integer("ack_within_minutes").notNull().default(240),
  /** Which public holidays are not court days (besides the firm's own `holiday add` days). */
  holidayCalendar: text("holiday_calendar", { enum: HOLIDAY_CALENDARS }).notNull().default("us-federal"),
  /** Phrases that mark work needing a lawyer (ABA Model Rule 5.5); null: the built-in list. */
  lawyerOnlyPhrases: text("lawyer_only_phrases").array(),
  /** UTBMS task codes per task type for LEDES exports, overriding the built-in defaults. */
  utbmsCodes: jsonb("utbms_codes").$type<Record<string, string>>().notNull().default({}),
  createdAt: createdAt(),
});

/** Days the firm's courts are closed besides its holiday calendar (`holiday add`). */
export const firmHolidays = pgTable(
  "firm_holidays",
  {
    firmId: uuid("firm_id")
      .notNull()
      .references(() => firms.id),
    day: date("day", { mode: "string" }).notNull(),
    name: text("name"),
    addedBy: uuid("added_by").references(() => people.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.firmId, t.day] })],
);

/** A Slack workspace, a Teams tenant or the console, bound to one firm. */
export const workspaces = pgTable(
  "workspaces",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    firmId: uuid("firm_id")
      .notNull()
      .references(() => firms.id),
    platform: platformColumn(),
    /** Slack team id, Teams tenant id, or "console". */
    externalId: text("external_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    platformNamed("workspaces", t.platform),
    uniqueIndex("workspaces_platform_external_uq").on(t.platform, t.externalId),
  ],
);

export const people = pgTable(
  "people",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    firmId: uuid("firm_id")
      .notNull()
      .references(() => firms.id),
    displayName: text("display_name").notNull(),
    email: text("email"),
    role: roleEnum("role").notNull(),
    tz: text("tz").notNull(),
    /** Working hours as minutes of the local day, and working days (mon … sun). */
    workStart: integer("work_start").notNull().default(540),
    workEnd: integer("work_end").notNull().default(1080),
    workDays: text("work_days").array().notNull().default(sql`'{mon,tue,wed,thu,fri}'::text[]`),
    delivery: deliveryEnum("delivery"),
    provider: text("provider"),
    ndaSigned: date("nda_signed", { mode: "string" }),
    ndaExpires: date("nda_expires", { mode: "string" }),
    /** Attorneys: billing rate per hour (the value of an hour they recover). */
    rate: numeric("rate", { precision: 10, scale: 2, mode: "number" }),
    /** Professionals: what an hour of their work costs the firm. */
    costRate: numeric("cost_rate", { precision: 10, scale: 2, mode: "number" }),
    /** Professionals: what the client is billed for an hour of their work (matters billed `rate`). */
    billRate: numeric("bill_rate", { precision: 10, scale: 2, mode: "number" }),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index("people_firm_idx").on(t.firmId), index("people_firm_email_idx").on(t.firmId, t.email)],
);

/** How a person is known on a chat platform; one person may have several. */
export const chatIdentities = pgTable(
  "chat_identities",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    platform: platformColumn(),
    workspaceExternalId: text("workspace_external_id").notNull(),
    userId: text("user_id").notNull(),
    userName: text("user_name"),
    /** Teams: the conversation reference for proactive messages (kept fresh on every activity). */
    conversationRef: jsonb("conversation_ref"),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    platformNamed("chat_identities", t.platform),
    uniqueIndex("chat_identities_uq").on(t.platform, t.workspaceExternalId, t.userId),
    index("chat_identities_person_idx").on(t.personId),
  ],
);

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

/**
 * Append-only: triggers (see the migrations) refuse UPDATE, DELETE and TRUNCATE, and chain every
 * new row to the firm's previous one (docs/operations.md, "Audit trail"): `seq`, `prev_hash`,
 * `hash` and `chained_at` are set by the database, whatever the insert says; their defaults only
 * let inserts leave them out.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    firmId: uuid("firm_id")
      .notNull()
      .references(() => firms.id),
    at: timestamp("at", { withTimezone: true }).notNull(),
    actorId: uuid("actor_id").references(() => people.id),
    action: text("action").notNull(),
    taskId: uuid("task_id").references(() => tasks.id),
    matterId: uuid("matter_id").references(() => matters.id),
    subjectId: uuid("subject_id").references(() => people.id),
    /** Non-confidential facts of the event (statuses, versions, rounds); never task text. */
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
    /** Position in the firm's chain: 1, 2, 3… without gaps. */
    seq: bigint("seq", { mode: "number" }).notNull().default(0),
    /** The previous event's hash (64 zeros for the firm's first event). */
    prevHash: text("prev_hash").notNull().default(""),
    /** SHA-256 (hex) of this event's canonical form, which includes prev_hash. */
    hash: text("hash").notNull().default(""),
    /** The database's clock when the event joined the chain (the app's claim is `at`). */
    chainedAt: timestamp("chained_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("audit_firm_seq_uq").on(t.firmId, t.seq),
    index("audit_task_idx").on(t.taskId, t.id),
    index("audit_actor_idx").on(t.firmId, t.actorId, t.at),
    index("audit_subject_idx").on(t.firmId, t.subjectId, t.at),
  ],
);

/**
 * The latest link of each firm's audit chain. Written only by the chain trigger, which runs as
 * the tables' owner: the runtime role may read it, never write it (src/services/audit-chain.ts).
 */
export const auditChainHeads = pgTable("audit_chain_heads", {
  firmId: uuid("firm_id")
    .primaryKey()
    .references(() => firms.id),
  seq: bigint("seq", { mode: "number" }).notNull(),
  hash: text("hash").notNull(),
});

/** Notifications, written in the transaction that causes them and delivered by a dispatcher. */
export const outbox = pgTable(
  "outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    firmId: uuid("firm_id")
      .notNull()
      .references(() => firms.id),
    /** A person (direct message) or a channel binding. */
    personId: uuid("person_id").references(() => people.id),
    channelId: uuid("channel_id").references(() => channels.id),
    /**
     * The task whose text the message carries: at delivery the recipient must still be allowed to
     * see it, or the message is dropped. Null for messages that carry no task text.
     */
    taskId: uuid("task_id").references(() => tasks.id),
    kind: text("kind").notNull(),
    /** The platform-neutral view to render. */
    payload: jsonb("payload").notNull(),
    /** Suppresses a second notification for the same event. */
    dedupeKey: text("dedupe_key"),
    status: outboxStatusEnum("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    /** Why a dropped message was not delivered, in the vocabulary of DROP_REASONS. */
    droppedReason: text("dropped_reason"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    /** Platform message id once sent (to update it in place later). */
    externalRef: jsonb("external_ref"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("outbox_dedupe_uq").on(t.dedupeKey),
    index("outbox_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("outbox_firm_status_idx").on(t.firmId, t.status),
    /** In-flight messages per recipient, which each claim checks its candidates against (order per recipient). */
    index("outbox_inflight_person_idx")
      .on(t.personId, t.id)
      .where(sql`${t.status} = 'pending' and ${t.attempts} > 0`),
    index("outbox_inflight_channel_idx")
      .on(t.channelId, t.id)
      .where(sql`${t.status} = 'pending' and ${t.attempts} > 0`),
  ],
);

/** Channels a firm posts to (the weekly digest). */
export const channels = pgTable(
  "channels",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    firmId: uuid("firm_id")
      .notNull()
      .references(() => firms.id),
    purpose: text("purpose").notNull(),
    platform: platformColumn(),
    workspaceExternalId: text("workspace_external_id").notNull(),
    channelId: text("channel_id").notNull(),
    conversationRef: jsonb("conversation_ref"),
    createdAt: createdAt(),
    /** Spacing of posts (Slack takes about one a second a channel): no post before this instant. */
    nextPostAt: timestamp("next_post_at", { withTimezone: true }),
  },
  (t) => [
    platformNamed("channels", t.platform),
    uniqueIndex("channels_firm_purpose_uq").on(t.firmId, t.purpose),
  ],
);

/** One row per alert sent: an alert goes once per task, kind and due time. */
export const alertLedger = pgTable(
  "alert_ledger",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    taskId: uuid("task_id")
      .notNull()
      .references(() => tasks.id),
    kind: text("kind").notNull(),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("alert_ledger_uq").on(t.taskId, t.kind, t.dueAt)],
);

/** Scheduled work claimed in the database, so replicas and restarts run it once. */
export const jobRuns = pgTable(
  "job_runs",
  {
    job: text("job").notNull(),
    /** e.g. a firm id for the digest, "global" for the alert tick. */
    scope: text("scope").notNull(),
    /** e.g. "2026-W48". */
    period: text("period").notNull(),
    claimedBy: text("claimed_by").notNull(),
    claimedAt: timestamp("claimed_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.job, t.scope, t.period] })],
);

/** One-time codes that bind another workspace or tenant to a firm. */
export const linkCodes = pgTable("link_codes", {
  code: text("code").primaryKey(),
  firmId: uuid("firm_id")
    .notNull()
    .references(() => firms.id),
  personId: uuid("person_id")
    .notNull()
    .references(() => people.id),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
});

/**
 * Wrong `link CODE` guesses, per workspace or tenant: the throttle counts them here so that every
 * replica agrees, and operators read them here when no firm's audit trail can hold them (an
 * unknown code names no firm). See docs/operations.md, "Link codes".
 */
export const linkAttempts = pgTable(
  "link_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    platform: platformColumn(),
    workspaceExternalId: text("workspace_external_id").notNull(),
    userId: text("user_id").notNull(),
    /** The firm whose code it was (expired, used, or its creator no longer an admin); null: unknown code. */
    firmId: uuid("firm_id").references(() => firms.id),
    /** unknown, expired, used, revoked (creator no longer an active admin). */
    outcome: text("outcome").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [
    platformNamed("link_attempts", t.platform),
    index("link_attempts_workspace_idx").on(t.platform, t.workspaceExternalId, t.at),
  ],
);

/**
 * A chat platform's app installation (Slack OAuth): who installed us where, with the platform's
 * credentials sealed by src/services/secret-box.ts (AES-256-GCM). Never stored in the clear.
 * Empty strings, not nulls, stand for "no enterprise" / "no team" so the unique key holds.
 */
export const installations = pgTable(
  "installations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    platform: platformColumn(),
    enterpriseId: text("enterprise_id").notNull().default(""),
    teamId: text("team_id").notNull().default(""),
    /** The platform's installation record, encrypted (base64 iv, tag and ciphertext). */
    encryptedPayload: text("encrypted_payload").notNull(),
    installedAt: timestamp("installed_at", { withTimezone: true }).notNull(),
    /** Set on uninstall or token revocation; a revoked installation authorizes nothing. */
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    platformNamed("installations", t.platform),
    uniqueIndex("installations_platform_enterprise_team_uq").on(t.platform, t.enterpriseId, t.teamId),
  ],
);

/**
 * Teams: the conversation reference of someone who spoke to the bot (or installed it) before an
 * admin added them to the firm, keyed by tenant and user id; `team add` attaches it to the new
 * identity so they are reachable at once (docs/teams.md, "Proactive reach").
 */
export const pendingConversationRefs = pgTable(
  "pending_conversation_refs",
  {
    platform: platformColumn(),
    workspaceExternalId: text("workspace_external_id").notNull(),
    userId: text("user_id").notNull(),
    conversationRef: jsonb("conversation_ref").notNull(),
    seenAt: timestamp("seen_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.platform, t.workspaceExternalId, t.userId] }),
    platformNamed("pending_conversation_refs", t.platform),
  ],
);

/**
 * Platform events already taken (Slack's `event_id`): a retry of one that landed is dropped, in
 * whichever replica it lands, after a restart too; a retry of one that never landed is worked on
 * once. Rows older than a few days are pruned (src/services/inbound-events.ts).
 */
export const inboundEvents = pgTable(
  "inbound_events",
  {
    platform: platformColumn(),
    eventId: text("event_id").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.platform, t.eventId] }),
    platformNamed("inbound_events", t.platform),
    index("inbound_events_received_idx").on(t.receivedAt),
  ],
);

/** Raw bytes (`bytea`): Buffer from postgres.js, Uint8Array from PGlite; Uint8Array either way here. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
});

/**
 * A file (packet, export) offered to one person and waiting for their consent (Teams' file consent
 * card, docs/teams.md "Files"): kept here, not in one process's memory, so an accept reaching any
 * replica, or coming after a restart, finds it. Taken once (an answer deletes it), within an hour;
 * offers past the hour are pruned by the next offer (src/services/file-offers.ts).
 */
export const fileOffers = pgTable(
  "file_offers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    firmId: uuid("firm_id")
      .notNull()
      .references(() => firms.id),
    platform: platformColumn(),
    /** The person it was offered to (the platform's user id); only they can take it. */
    userId: text("user_id").notNull(),
    filename: text("filename").notNull(),
    mediaType: text("media_type").notNull(),
    bytes: bytea("bytes").notNull(),
    /** Hex SHA-256 of `bytes`, as the audit trail recorded it. */
    sha256: text("sha256").notNull(),
    offeredAt: timestamp("offered_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [platformNamed("file_offers", t.platform), index("file_offers_offered_idx").on(t.offeredAt)],
);

export type Firm = typeof firms.$inferSelect;
export type Person = typeof people.$inferSelect;
export type ChatIdentity = typeof chatIdentities.$inferSelect;
export type Matter = typeof matters.$inferSelect;
export type Task = typeof tasks.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;
export type InstallationRow = typeof installations.$inferSelect;
export type TimeEntry = typeof timeEntries.$inferSelect;
export type TaskQuestion = typeof taskQuestions.$inferSelect;
export type CoverPeriod = typeof coverPeriods.$inferSelect;
export type ApprovedFigures = typeof approvedFigures.$inferSelect;
export type ApprovedTime = typeof approvedTime.$inferSelect;
export type MatterStaffRow = typeof matterStaff.$inferSelect;

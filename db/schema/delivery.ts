import { sql } from "drizzle-orm";
import {
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, outboxStatusEnum, platformColumn, platformNamed } from "./columns.js";
import { firms, people } from "./firm.js";
import { tasks } from "./work.js";

/* What goes out: the outbox, channels, alerts sent, scheduled job claims. */

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
export type OutboxRow = typeof outbox.$inferSelect;

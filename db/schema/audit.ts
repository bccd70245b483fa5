import {
  bigint,
  bigserial,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { firms, people } from "./firm.js";
import { matters, tasks } from "./work.js";

/* The audit trail and its hash chain (docs/operations.md, "Audit trail"). */

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
export type AuditEvent = typeof auditEvents.$inferSelect;

import { sql } from "drizzle-orm";
import { type AnyPgColumn, check, customType, pgEnum, text, timestamp } from "drizzle-orm/pg-core";
import { BILL_MODES, CATEGORIES, DEFECT_REASONS, DELIVERY_MODELS, ROLES, STATUSES } from "../vocabulary.js";

/* Column helpers and enums every table uses. */

export const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const roleEnum = pgEnum("role", ROLES);
export const categoryEnum = pgEnum("task_category", CATEGORIES);
export const deliveryEnum = pgEnum("delivery_model", DELIVERY_MODELS);
export const statusEnum = pgEnum("task_status", STATUSES);
export const defectEnum = pgEnum("defect_reason", DEFECT_REASONS);
/**
 * A chat platform's name (any registered adapter's, docs/adapter-contract.md), checked by shape:
 * lower case letters, digits and dashes, as PLATFORM_NAME in db/vocabulary.ts.
 */
export const platformColumn = () => text("platform").notNull();
export const platformNamed = (table: string, column: AnyPgColumn) =>
  check(`${table}_platform_name`, sql`${column} ~ '^[a-z][a-z0-9-]{0,31}$'`);
export const decisionEnum = pgEnum("review_decision", ["approved", "changes_requested"]);
/** `dropped`: not delivered because its recipient could no longer see the task (see dropped_reason). */
export const outboxStatusEnum = pgEnum("outbox_status", ["pending", "sent", "parked", "dropped"]);
export const billModeEnum = pgEnum("bill_mode", BILL_MODES);

/** Raw bytes (`bytea`): Buffer from postgres.js, Uint8Array from PGlite; Uint8Array either way here. */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
});

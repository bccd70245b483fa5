import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { HOLIDAY_CALENDARS } from "../vocabulary.js";

import { createdAt, deliveryEnum, platformColumn, platformNamed, roleEnum } from "./columns.js";

/* The firm and who is in it: firms, their holidays, workspaces bound to them, people and their chat identities. */

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
export type Firm = typeof firms.$inferSelect;
export type Person = typeof people.$inferSelect;
export type ChatIdentity = typeof chatIdentities.$inferSelect;

import {
  bigserial,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { bytea, platformColumn, platformNamed } from "./columns.js";
import { firms, people } from "./firm.js";

/* Chat platforms: link codes, installations, references of people not yet added, event ids, file offers. */

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
export type InstallationRow = typeof installations.$inferSelect;

import { STATUSES } from "./vocabulary.js";

/**
 * Every kind of audit event Delegate writes. Each has a sentence in plain words
 * (src/views/audit-lines.ts); the compiler refuses an event type without one.
 */
export const AUDIT_ACTIONS = [
  "firm.created",
  "firm.updated",
  "firm.holiday_added",
  "firm.holiday_removed",
  "workspace.bound",
  "digest.channel_set",
  "link.code_created",
  "link.refused",
  "person.added",
  "person.identity_linked",
  "person.updated",
  "person.deactivated",
  "person.away",
  "person.back",
  "matter.created",
  "matter.updated",
  "matter.staffed",
  "matter.unstaffed",
  "matter.viewed",
  "matter.listed",
  ...STATUSES.map((s) => `task.${s}` as const),
  "task.reassigned",
  "task.acknowledged",
  "task.due_changed",
  "task.viewed",
  "task.listed",
  "task.time_logged",
  "task.question_asked",
  "access.refused",
  "audit.verified",
  "packet.created",
  "export.created",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

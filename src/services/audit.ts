import type { Executor } from "../../db/client.js";
import { auditEvents } from "../../db/schema.js";
import { STATUSES } from "../domain/vocabulary.js";

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

export interface AuditEntry {
  firmId: string;
  at: Date;
  actorId: string | null;
  action: AuditAction;
  taskId?: string | null;
  matterId?: string | null;
  subjectId?: string | null;
  /** Facts only (statuses, versions, rounds, dates); never task titles or instructions. */
  detail?: Record<string, unknown>;
}

/**
 * Append to the audit trail, inside the caller's transaction. The database numbers and chains each
 * event (docs/operations.md, "Audit trail") and holds the firm's chain head locked until COMMIT:
 * record events after changing the rows a change updates, so that lock is always taken last.
 */
export const recordAudit = async (tx: Executor, entries: AuditEntry | AuditEntry[]): Promise<void> => {
  const rows = Array.isArray(entries) ? entries : [entries];
  if (rows.length === 0) return;
  await tx.insert(auditEvents).values(
    rows.map((e) => ({
      firmId: e.firmId,
      at: e.at,
      actorId: e.actorId,
      action: e.action,
      taskId: e.taskId ?? null,
      matterId: e.matterId ?? null,
      subjectId: e.subjectId ?? null,
      detail: e.detail ?? {},
    })),
  );
};

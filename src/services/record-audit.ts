import type { Executor } from "../../db/client.js";
import { auditEvents } from "../../db/schema.js";
import type { AuditAction } from "../domain/audit-actions.js";

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
  await tx
    .insert(auditEvents)
    .values(
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
    )
    .prepare("record_audit")
    .execute();
};

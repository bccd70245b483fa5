import type { Executor } from "../../db/client.js";
import { type ColumnValues, columnPlaceholders, preparedPerHandle } from "../../db/prepared.js";
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

const COLUMNS = ["firmId", "at", "actorId", "action", "taskId", "matterId", "subjectId", "detail"] as const;
type AuditRow = ColumnValues<typeof auditEvents, (typeof COLUMNS)[number]>;

const rowOf = (e: AuditEntry): AuditRow => ({
  firmId: e.firmId,
  at: e.at,
  actorId: e.actorId,
  action: e.action,
  taskId: e.taskId ?? null,
  matterId: e.matterId ?? null,
  subjectId: e.subjectId ?? null,
  detail: e.detail ?? {},
});

// One event is the common case (every change, every read by a professional): built once
// (db/prepared.ts), the same statement as the per-call insert below with one row.
const insertOne = preparedPerHandle((db) =>
  db.insert(auditEvents).values(columnPlaceholders(auditEvents, COLUMNS)).prepare("record_audit_one"),
);

/**
 * Append to the audit trail, inside the caller's transaction. The database numbers and chains each
 * event (docs/operations.md, "Audit trail") and holds the firm's chain head locked until COMMIT:
 * record events after changing the rows a change updates, so that lock is always taken last.
 */
export const recordAudit = async (tx: Executor, entries: AuditEntry | AuditEntry[]): Promise<void> => {
  const rows = (Array.isArray(entries) ? entries : [entries]).map(rowOf);
  const [only] = rows;
  if (!only) return;
  if (rows.length === 1) {
    await insertOne(tx).execute(only);
    return;
  }
  // Several events in one statement, in order: built per call (a prepared statement has a fixed
  // number of rows).
  await tx.insert(auditEvents).values(rows).prepare("record_audit").execute();
};

import type { Executor } from "../../db/client.js";
import { type ColumnValues, columnPlaceholders, preparedPerHandle } from "../../db/prepared.js";
import { outbox } from "../../db/schema.js";
import { outboxPayloadOf } from "../views/outbox-payload.js";
import type { View } from "../views/view.js";

export interface Notification {
  firmId: string;
  /** A person, by direct message… */
  personId?: string;
  /** …or a channel binding. */
  channelId?: string;
  /** The task whose text the message carries: delivered only if the recipient may still see it. */
  taskId?: string;
  kind: string;
  view: View;
  /** Same key, one notification: makes retried work idempotent. */
  dedupeKey: string;
  /** Held until then (e.g. the start of the recipient's working day). */
  notBefore?: Date;
}

const COLUMNS = [
  "firmId",
  "personId",
  "channelId",
  "taskId",
  "kind",
  "payload",
  "dedupeKey",
  "nextAttemptAt",
  "createdAt",
] as const;
type OutboxRow = ColumnValues<typeof outbox, (typeof COLUMNS)[number]>;

const rowOf = (n: Notification, now: Date): OutboxRow => ({
  firmId: n.firmId,
  personId: n.personId ?? null,
  channelId: n.channelId ?? null,
  taskId: n.taskId ?? null,
  kind: n.kind,
  payload: outboxPayloadOf(n.view),
  dedupeKey: n.dedupeKey,
  nextAttemptAt: n.notBefore ?? now,
  createdAt: now,
});

// One notification is the common case (an assign, a submit, an approval): built once
// (db/prepared.ts), the same statement as the per-call insert below with one row.
const insertOne = preparedPerHandle((db) =>
  db
    .insert(outbox)
    .values(columnPlaceholders(outbox, COLUMNS))
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .prepare("enqueue_one"),
);

/**
 * Queue notifications in the caller's transaction; they leave only if it commits. `now` is the
 * service's clock (not the database's), so a moved clock moves delivery with it.
 */
export const enqueue = async (tx: Executor, now: Date, notifications: Notification[]): Promise<void> => {
  const rows = notifications.map((n) => rowOf(n, now));
  const [only] = rows;
  if (!only) return;
  if (rows.length === 1) {
    await insertOne(tx).execute(only);
    return;
  }
  // Several in one statement, in order: built per call (a prepared statement has a fixed number of rows).
  await tx
    .insert(outbox)
    .values(rows)
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .prepare("enqueue")
    .execute();
};

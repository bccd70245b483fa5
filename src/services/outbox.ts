import type { Executor } from "../../db/client.js";
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

/**
 * Queue notifications in the caller's transaction; they leave only if it commits. `now` is the
 * service's clock (not the database's), so a moved clock moves delivery with it.
 */
export const enqueue = async (tx: Executor, now: Date, notifications: Notification[]): Promise<void> => {
  if (notifications.length === 0) return;
  await tx
    .insert(outbox)
    .values(
      notifications.map((n) => ({
        firmId: n.firmId,
        personId: n.personId ?? null,
        channelId: n.channelId ?? null,
        taskId: n.taskId ?? null,
        kind: n.kind,
        payload: outboxPayloadOf(n.view),
        dedupeKey: n.dedupeKey,
        nextAttemptAt: n.notBefore ?? now,
        createdAt: now,
      })),
    )
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .prepare("enqueue")
    .execute();
};

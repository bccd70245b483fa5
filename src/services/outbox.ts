import type { Executor } from "../../db/client.js";
import { outbox } from "../../db/schema.js";
import type { View } from "../views/view.js";

export interface Notification {
  firmId: string;
  /** A person, by direct message… */
  personId?: string;
  /** …or a channel binding. */
  channelId?: string;
  kind: string;
  view: View;
  /** Same key, one notification: makes retried work idempotent. */
  dedupeKey: string;
  notBefore?: Date;
}

/** Queue notifications in the caller's transaction; they leave only if it commits. */
export const enqueue = async (tx: Executor, notifications: Notification[]): Promise<void> => {
  if (notifications.length === 0) return;
  await tx
    .insert(outbox)
    .values(
      notifications.map((n) => ({
        firmId: n.firmId,
        personId: n.personId ?? null,
        channelId: n.channelId ?? null,
        kind: n.kind,
        payload: n.view,
        dedupeKey: n.dedupeKey,
        ...(n.notBefore ? { nextAttemptAt: n.notBefore } : {}),
      })),
    )
    .onConflictDoNothing({ target: outbox.dedupeKey });
};

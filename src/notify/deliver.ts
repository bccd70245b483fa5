import { and, desc, eq, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { channels, chatIdentities, outbox, people } from "../../db/schema.js";
import type { Platform } from "../domain/vocabulary.js";
import type { View } from "../views/view.js";

/** Where one notification goes, resolved to a platform address. */
export type Recipient =
  | {
      kind: "person";
      personId: string;
      displayName: string;
      platform: Platform;
      workspaceId: string;
      userId: string;
      userName: string | null;
      conversationRef: unknown;
    }
  | { kind: "channel"; platform: Platform; workspaceId: string; channelId: string; conversationRef: unknown };

export interface Delivery {
  id: number;
  kind: string;
  view: View;
  to: Recipient;
}

/**
 * What a sender throws when a platform refuses a message: `retryAfterMs` from a 429's
 * Retry-After; `permanent` when retrying cannot help (the bot was removed from the
 * conversation, the user is gone), so the notification is parked at once.
 */
export class DeliveryError extends Error {
  readonly retryAfterMs: number | undefined;
  readonly permanent: boolean;
  constructor(message: string, options: { retryAfterMs?: number; permanent?: boolean } = {}) {
    super(message);
    this.name = "DeliveryError";
    this.retryAfterMs = options.retryAfterMs;
    this.permanent = options.permanent ?? false;
  }
}

/**
 * An adapter's way out. Resolves with the platform's reference to the posted message (kept,
 * so the message can be updated later) or throws to have the notification retried.
 */
export interface Sender {
  platform: Platform;
  send(delivery: Delivery): Promise<{ externalRef?: unknown } | undefined>;
}

export interface DeliverOptions {
  now: Date;
  limit?: number;
  /** How long a claimed row is hidden from other dispatchers while it is being sent. */
  leaseMs?: number;
  maxAttempts?: number;
}

const BASE_BACKOFF_MS = 5_000;

/** Exponential backoff with jitter, capped at an hour. */
export const backoffMs = (attempts: number): number =>
  Math.min(3_600_000, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1)) * (0.5 + Math.random() / 2);

/**
 * Deliver due notifications through the senders given. Rows are claimed with
 * FOR UPDATE SKIP LOCKED and a lease (next_attempt_at pushed ahead), then sent outside
 * any transaction, then marked sent — or rescheduled with backoff, or parked with the error.
 * At-least-once: a crash between send and mark re-sends after the lease.
 */
export const deliverPending = async (db: Db, senders: Sender[], opts: DeliverOptions): Promise<number> => {
  const platforms = senders.map((s) => s.platform);
  if (platforms.length === 0) return 0;
  const leaseUntil = new Date(opts.now.getTime() + (opts.leaseMs ?? 60_000));
  const claimed = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, opts.now), reachableBy(platforms)))
      .orderBy(outbox.id)
      .limit(opts.limit ?? 50)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(outbox)
      .set({ nextAttemptAt: leaseUntil, attempts: sql`${outbox.attempts} + 1` })
      .where(
        inArray(
          outbox.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });
  let sent = 0;
  for (const row of claimed.sort((a, b) => a.id - b.id)) {
    const to = await recipientOf(db, row, platforms);
    const sender = to && senders.find((s) => s.platform === to.platform);
    try {
      if (!to || !sender) throw new Error("no reachable chat account for this recipient");
      await sender.send({ id: row.id, kind: row.kind, view: row.payload as View, to });
      await db
        .update(outbox)
        .set({ status: "sent", sentAt: new Date(), lastError: null })
        .where(eq(outbox.id, row.id));
      sent++;
    } catch (e) {
      const error = e instanceof Error ? e.message.slice(0, 300) : "send failed";
      const permanent = e instanceof DeliveryError && e.permanent;
      const park = permanent || row.attempts >= (opts.maxAttempts ?? 8);
      const retryAfter = e instanceof DeliveryError ? e.retryAfterMs : undefined;
      await db
        .update(outbox)
        .set(
          park
            ? { status: "parked", lastError: error }
            : {
                lastError: error,
                nextAttemptAt: new Date(
                  opts.now.getTime() + Math.max(retryAfter ?? 0, backoffMs(row.attempts)),
                ),
              },
        )
        .where(eq(outbox.id, row.id));
    }
  }
  return sent;
};

/**
 * Rows this process can deliver: a person with an identity on one of our platforms, or a
 * channel on one. Others are left alone for a process that has the right adapter, rather
 * than burning their attempts here.
 */
const reachableBy = (platforms: Platform[]) => {
  const list = sql.join(
    platforms.map((p) => sql`${p}`),
    sql`, `,
  );
  return sql`(exists (select 1 from ${chatIdentities} ci where ci.person_id = ${outbox.personId} and ci.platform::text in (${list}))
    or exists (select 1 from ${channels} c where c.id = ${outbox.channelId} and c.platform::text in (${list})))`;
};

/** A person is reached on the platform where they were last seen, among those we can send to. */
const recipientOf = async (
  db: Db,
  row: typeof outbox.$inferSelect,
  platforms: Platform[],
): Promise<Recipient | undefined> => {
  if (row.channelId) {
    const [c] = await db.select().from(channels).where(eq(channels.id, row.channelId));
    if (!c || !platforms.includes(c.platform)) return undefined;
    return {
      kind: "channel",
      platform: c.platform,
      workspaceId: c.workspaceExternalId,
      channelId: c.channelId,
      conversationRef: c.conversationRef,
    };
  }
  if (!row.personId) return undefined;
  const [found] = await db
    .select({ identity: chatIdentities, displayName: people.displayName })
    .from(chatIdentities)
    .innerJoin(people, eq(people.id, chatIdentities.personId))
    .where(and(eq(chatIdentities.personId, row.personId), inArray(chatIdentities.platform, platforms)))
    .orderBy(sql`${chatIdentities.lastSeenAt} desc nulls last`, desc(chatIdentities.createdAt))
    .limit(1);
  if (!found) return undefined;
  const i = found.identity;
  return {
    kind: "person",
    personId: row.personId,
    displayName: found.displayName,
    platform: i.platform,
    workspaceId: i.workspaceExternalId,
    userId: i.userId,
    userName: i.userName,
    conversationRef: i.conversationRef,
  };
};

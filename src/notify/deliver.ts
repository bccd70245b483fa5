import { and, desc, eq, inArray, lte, sql } from "drizzle-orm";
import type { Db, Executor } from "../../db/client.js";
import { columnPlaceholders, preparedPerHandle } from "../../db/prepared.js";
import { channels, chatIdentities, outbox, people } from "../../db/schema.js";
import type { Platform } from "../domain/vocabulary.js";
import { viewOfPayload } from "../views/outbox-payload.js";
import { dropReason } from "./delivery-check.js";
import { failureOutcome, type Recipient, type Sender } from "./sender.js";

export interface DeliverOptions {
  now: Date;
  limit?: number;
  /** How long a claimed row is hidden from other dispatchers while it is being sent. */
  leaseMs?: number;
  maxAttempts?: number;
  /** A send that takes longer is counted as failed and retried; kept well under the lease. */
  sendTimeoutMs?: number;
}

const BASE_BACKOFF_MS = 5_000;

/** Rows claimed at once, unless `limit` says otherwise. */
export const DELIVERY_BATCH = 50;

/** Exponential backoff with jitter, capped at an hour. */
export const backoffMs = (attempts: number): number =>
  Math.min(3_600_000, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1)) * (0.5 + Math.random() / 2);

// Once per delivered message, on the pool or in a channel's transaction: built once (db/prepared.ts),
// and PostgreSQL parses it once per connection (docs/performance.md).
const markSentStatement = preparedPerHandle((db) =>
  db
    .update(outbox)
    // The platform's id of the posted message, so it can be updated in place later.
    .set({ status: "sent", lastError: null, ...columnPlaceholders(outbox, ["sentAt", "externalRef"]) })
    .where(eq(outbox.id, sql.placeholder("id")))
    .prepare("outbox_mark_sent"),
);

/** Serializes claims across dispatchers (see deliverPending); any constant shared by all replicas. */
const CLAIM_LOCK = 7_305_001;

/**
 * Deliver due notifications through the senders given. Rows are claimed with
 * FOR UPDATE SKIP LOCKED and a lease (next_attempt_at pushed ahead), then sent outside
 * any transaction, then marked sent — or rescheduled with backoff, or parked with the error.
 *
 * A row whose recipient may no longer see what it carries (delivery-check.ts) is marked dropped
 * in the claim itself, with its reason, and never sent.
 *
 * Order per recipient: a row is not claimed while an earlier row to the same person or channel
 * is in flight or waiting to be retried (pending with attempts > 0), and within a batch a failure
 * releases the recipient's later rows. Claims take a transaction-level advisory lock so that a
 * second dispatcher sees the first one's claims (and its leases) before choosing. A row held for
 * working hours (never attempted) does not block later ones.
 * Spacing per channel: one post a channel a batch, and none before channels.next_post_at.
 * At-least-once: a crash between send and mark re-sends after the lease; a send that times out
 * after the platform accepted it is sent again. Those are the only duplicates.
 */
export const deliverPending = async (db: Db, senders: Sender[], opts: DeliverOptions): Promise<number> => {
  const platforms = senders.map((s) => s.platform);
  if (platforms.length === 0) return 0;
  // The caller's clock, advancing with real time during the batch (tests pin `now`; spacing needs order).
  const startedAt = Date.now();
  const clockNow = () => new Date(opts.now.getTime() + (Date.now() - startedAt));
  const leaseMs = opts.leaseMs ?? 60_000;
  const leaseUntil = new Date(opts.now.getTime() + leaseMs);
  // No send may start after half the lease, nor outlast the rest of it: past the lease another
  // dispatcher may claim the row again, and that would be a duplicate.
  const stopSendingAt = startedAt + leaseMs / 2;
  const sendTimeoutMs = Math.min(opts.sendTimeoutMs ?? 20_000, leaseMs / 2);
  const claimed = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CLAIM_LOCK})`);
    const due = await tx
      .select({ id: outbox.id, channelId: outbox.channelId, dropReason: dropReason(opts.now) })
      .from(outbox)
      .where(
        and(
          eq(outbox.status, "pending"),
          lte(outbox.nextAttemptAt, opts.now),
          reachableBy(platforms),
          notBehindEarlier(),
          channelFree(opts.now),
        ),
      )
      .orderBy(outbox.id)
      .limit(opts.limit ?? DELIVERY_BATCH)
      .for("update", { skipLocked: true });
    // Recipients who may no longer see what the message carries: dropped, with the reason, never sent.
    const dropped = due.filter((d) => d.dropReason !== null);
    for (const reason of new Set(dropped.map((d) => d.dropReason))) {
      await tx
        .update(outbox)
        .set({ status: "dropped", droppedReason: reason })
        .where(
          inArray(
            outbox.id,
            dropped.filter((d) => d.dropReason === reason).map((d) => d.id),
          ),
        );
    }
    const seenChannels = new Set<string>();
    const take = due.filter((d) => {
      if (d.dropReason !== null) return false;
      if (!d.channelId) return true;
      if (seenChannels.has(d.channelId)) return false;
      seenChannels.add(d.channelId);
      return true;
    });
    if (take.length === 0) return [];
    return tx
      .update(outbox)
      .set({ nextAttemptAt: leaseUntil, attempts: sql`${outbox.attempts} + 1` })
      .where(
        inArray(
          outbox.id,
          take.map((d) => d.id),
        ),
      )
      .returning();
  });
  let sent = 0;
  const failed = new Set<string>();
  // Every person of the batch is resolved in one statement, not one a message (docs/performance.md).
  const people = await personRecipients(db, claimed, platforms);
  for (const row of claimed.sort((a, b) => a.id - b.id)) {
    const recipientKey = row.personId ? `p:${row.personId}` : `c:${row.channelId ?? ""}`;
    if (failed.has(recipientKey) || Date.now() > stopSendingAt) {
      // An earlier message to this recipient failed (give this one back, untried, to keep the
      // order), or the batch ran long (give it back before its lease runs out).
      await db
        .update(outbox)
        .set({ attempts: sql`${outbox.attempts} - 1`, nextAttemptAt: opts.now })
        .where(eq(outbox.id, row.id));
      continue;
    }
    const to = row.channelId
      ? await channelRecipient(db, row.channelId, platforms)
      : row.personId
        ? people.get(row.personId)
        : undefined;
    const sender = to && senders.find((s) => s.platform === to.platform);
    try {
      if (!to || !sender) throw new Error("no reachable chat account for this recipient");
      const result = await withTimeout(
        sender.send({ id: row.id, kind: row.kind, view: viewOfPayload(row.payload), to }),
        sendTimeoutMs,
      );
      const at = clockNow();
      const markSent = (ex: Executor) =>
        markSentStatement(ex).execute({ id: row.id, sentAt: at, externalRef: result?.externalRef ?? null });
      const channelId = row.channelId;
      if (channelId) {
        const spacing = sender.channelSpacingMs ?? 0;
        await db.transaction(async (tx) => {
          await markSent(tx);
          await tx
            .update(channels)
            .set({ nextPostAt: new Date(at.getTime() + spacing) })
            .where(eq(channels.id, channelId));
        });
      } else {
        // A message to a person is one statement: no transaction round trips around it.
        await markSent(db);
      }
      sent++;
    } catch (e) {
      failed.add(recipientKey);
      const outcome = failureOutcome(e);
      const error = outcome.error;
      const park = outcome.kind === "park" || row.attempts >= (opts.maxAttempts ?? 8);
      const retryAfter = outcome.kind === "retry" ? outcome.retryAfterMs : undefined;
      await db
        .update(outbox)
        .set(
          park
            ? { status: "parked", lastError: error }
            : {
                lastError: error,
                nextAttemptAt: new Date(
                  clockNow().getTime() + Math.max(retryAfter ?? 0, backoffMs(row.attempts)),
                ),
              },
        )
        .where(eq(outbox.id, row.id));
    }
  }
  return sent;
};

const withTimeout = async <T>(work: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer from the chat platform within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
};

/** Notifications that could not be delivered (parked), for one firm or all: `/readyz`, `outbox`, the digest. */
export const parkedCount = async (db: Db, firmId?: string): Promise<number> => {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(outbox)
    .where(and(eq(outbox.status, "parked"), firmId ? eq(outbox.firmId, firmId) : undefined));
  return row?.n ?? 0;
};

/**
 * No earlier message to the same recipient is in flight or waiting for a retry. One check per
 * kind of recipient, each answered by its partial index (an OR of the two scanned every row).
 */
const notBehindEarlier = () =>
  sql`not exists (select 1 from ${outbox} b where b.status = 'pending' and b.attempts > 0
      and b.person_id = ${outbox.personId} and b.id < ${outbox.id})
    and not exists (select 1 from ${outbox} b where b.status = 'pending' and b.attempts > 0
      and b.channel_id = ${outbox.channelId} and b.id < ${outbox.id})`;

/** The channel's spacing has elapsed. */
const channelFree = (now: Date) =>
  sql`not exists (select 1 from ${channels} sc where sc.id = ${outbox.channelId} and sc.next_post_at > ${now.toISOString()}::timestamptz)`;

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

/** A channel row's address, if this process can post there. */
const channelRecipient = async (
  db: Db,
  channelId: string,
  platforms: Platform[],
): Promise<Recipient | undefined> => {
  const [c] = await db.select().from(channels).where(eq(channels.id, channelId));
  if (!c || !platforms.includes(c.platform)) return undefined;
  return {
    kind: "channel",
    platform: c.platform,
    workspaceId: c.workspaceExternalId,
    channelId: c.channelId,
    conversationRef: c.conversationRef,
  };
};

/**
 * The people a batch goes to, each reached on the platform where they were last seen, among
 * those we can send to: one statement for the whole batch. A person with no such identity is
 * missing from the map.
 */
const personRecipients = async (
  db: Db,
  rows: (typeof outbox.$inferSelect)[],
  platforms: Platform[],
): Promise<Map<string, Recipient>> => {
  const ids = [...new Set(rows.flatMap((r) => (!r.channelId && r.personId ? [r.personId] : [])))];
  const found = new Map<string, Recipient>();
  if (ids.length === 0) return found;
  const identities = await db
    .selectDistinctOn([chatIdentities.personId], {
      identity: chatIdentities,
      displayName: people.displayName,
    })
    .from(chatIdentities)
    .innerJoin(people, eq(people.id, chatIdentities.personId))
    .where(and(inArray(chatIdentities.personId, ids), inArray(chatIdentities.platform, platforms)))
    .orderBy(
      chatIdentities.personId,
      sql`${chatIdentities.lastSeenAt} desc nulls last`,
      desc(chatIdentities.createdAt),
    );
  for (const { identity: i, displayName } of identities) {
    found.set(i.personId, {
      kind: "person",
      personId: i.personId,
      displayName,
      platform: i.platform,
      workspaceId: i.workspaceExternalId,
      userId: i.userId,
      userName: i.userName,
      conversationRef: i.conversationRef,
    });
  }
  return found;
};

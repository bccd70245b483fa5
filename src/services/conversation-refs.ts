import { and, desc, eq, isNotNull, isNull, lt, sql } from "drizzle-orm";
import type { Db, Executor } from "../../db/client.js";
import { chatIdentities, pendingConversationRefs } from "../../db/schema.js";
import type { Platform } from "../domain/vocabulary.js";
import type { Speaker } from "./deps.js";

/**
 * Where to reach people the firm has not heard from (docs/teams.md, "Proactive reach"). The
 * references are the adapter's opaque JSON; the core only keeps them.
 */

/** How long a reference of someone never added is kept: a person not added in that time is forgotten. */
const PENDING_KEPT_DAYS = 90;

/**
 * Someone not on the team spoke (or installed the app): keep where to reach them, for `team add`.
 * References older than PENDING_KEPT_DAYS go at the same time (people who were never added).
 */
export const keepPendingReference = async (db: Executor, speaker: Speaker, now: Date): Promise<void> => {
  if (speaker.conversationRef === undefined || speaker.conversationRef === null) return;
  const ref = speaker.conversationRef;
  await db
    .delete(pendingConversationRefs)
    .where(lt(pendingConversationRefs.seenAt, new Date(now.getTime() - PENDING_KEPT_DAYS * 86_400_000)));
  await db
    .insert(pendingConversationRefs)
    .values({
      platform: speaker.platform,
      workspaceExternalId: speaker.workspaceId,
      userId: speaker.userId,
      conversationRef: ref,
      seenAt: now,
    })
    .onConflictDoUpdate({
      target: [
        pendingConversationRefs.platform,
        pendingConversationRefs.workspaceExternalId,
        pendingConversationRefs.userId,
      ],
      set: { conversationRef: ref, seenAt: now },
      // A read stays a read: rewritten only when the reference changed.
      setWhere: sql`${pendingConversationRefs.conversationRef} is distinct from excluded.conversation_ref`,
    });
};

/** The reference kept for a person `team add` is about to create (and forgets it: the identity keeps it now). */
export const takePendingReference = async (
  tx: Executor,
  platform: Platform,
  workspaceId: string,
  userId: string,
): Promise<unknown> => {
  const [row] = await tx
    .delete(pendingConversationRefs)
    .where(
      and(
        eq(pendingConversationRefs.platform, platform),
        eq(pendingConversationRefs.workspaceExternalId, workspaceId),
        eq(pendingConversationRefs.userId, userId),
      ),
    )
    .returning({ ref: pendingConversationRefs.conversationRef });
  return row?.ref ?? null;
};

/** What an adapter may ask about references to reach someone who never wrote. */
export interface ReferenceStore {
  /** The freshest reference anyone of this workspace (tenant) gave us: it tells the service URL and the bot. */
  workspaceReference(platform: Platform, workspaceId: string): Promise<unknown>;
  /** A reference the adapter made (a 1:1 chat it opened) for an identity that had none. */
  remember(platform: Platform, workspaceId: string, userId: string, ref: unknown): Promise<void>;
}

export const createReferenceStore = (db: Db): ReferenceStore => ({
  async workspaceReference(platform, workspaceId) {
    const [row] = await db
      .select({ ref: chatIdentities.conversationRef })
      .from(chatIdentities)
      .where(
        and(
          eq(chatIdentities.platform, platform),
          eq(chatIdentities.workspaceExternalId, workspaceId),
          isNotNull(chatIdentities.conversationRef),
        ),
      )
      .orderBy(sql`${chatIdentities.lastSeenAt} desc nulls last`, desc(chatIdentities.createdAt))
      .limit(1);
    if (row) return row.ref;
    const [pending] = await db
      .select({ ref: pendingConversationRefs.conversationRef })
      .from(pendingConversationRefs)
      .where(
        and(
          eq(pendingConversationRefs.platform, platform),
          eq(pendingConversationRefs.workspaceExternalId, workspaceId),
        ),
      )
      .orderBy(desc(pendingConversationRefs.seenAt))
      .limit(1);
    return pending?.ref ?? null;
  },
  async remember(platform, workspaceId, userId, ref) {
    // Never over a reference the person gave by writing: theirs is fresher than ours.
    await db
      .update(chatIdentities)
      .set({ conversationRef: ref })
      .where(
        and(
          eq(chatIdentities.platform, platform),
          eq(chatIdentities.workspaceExternalId, workspaceId),
          eq(chatIdentities.userId, userId),
          isNull(chatIdentities.conversationRef),
        ),
      );
  },
});

import { and, eq, lt } from "drizzle-orm";
import { inboundEvents } from "../../db/schema.js";
import type { Platform } from "../domain/vocabulary.js";
import type { Deps } from "./deps.js";

/** Slack retries for about an hour; ids are kept well past that. */
export const EVENT_IDS_KEPT_MS = 3 * 24 * 3600 * 1000;
/** Old ids are pruned by the first claim after this much time (per process). */
const PRUNE_EVERY_MS = 3600 * 1000;

/**
 * Events a platform may deliver more than once (Slack's Events API retries), deduplicated by the
 * platform's event id in the database: adapters never touch tables, so this is their port.
 */
export interface InboundEvents {
  /** True for the first delivery of `eventId` to any replica; false when it was taken before. */
  claim(platform: Platform, eventId: string): Promise<boolean>;
  /** The work failed: forget the claim so that the platform's retry does it. */
  release(platform: Platform, eventId: string): Promise<void>;
}

export const createInboundEvents = (deps: Pick<Deps, "db" | "clock">): InboundEvents => {
  let prunedAt = Number.NEGATIVE_INFINITY;
  const prune = async (now: Date): Promise<void> => {
    if (now.getTime() - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = now.getTime();
    await deps.db
      .delete(inboundEvents)
      .where(lt(inboundEvents.receivedAt, new Date(now.getTime() - EVENT_IDS_KEPT_MS)));
  };
  return {
    claim: async (platform, eventId) => {
      const now = deps.clock.now();
      await prune(now);
      const rows = await deps.db
        .insert(inboundEvents)
        .values({ platform, eventId, receivedAt: now })
        .onConflictDoNothing()
        .returning({ eventId: inboundEvents.eventId });
      return rows.length > 0;
    },
    release: async (platform, eventId) => {
      await deps.db
        .delete(inboundEvents)
        .where(and(eq(inboundEvents.platform, platform), eq(inboundEvents.eventId, eventId)));
    },
  };
};

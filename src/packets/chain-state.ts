import { eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { auditEvents } from "../../db/schema.js";

/** The firm's audit trail as it stood when a packet was made. */
export interface ChainState {
  events: number;
  lastEventId: number | null;
  lastEventAt: Date | null;
  /** The hash chain's head, when the trail is hash-chained; null until then. */
  head: string | null;
}

/**
 * SEAM for the tamper-evident hash chain (`audit verify`): until the chain is installed this
 * reports the trail's size and last event and no head. When it lands, set `head` from the
 * chain's own head function for this firm (same transaction), and nothing else changes: the
 * packet prints whatever this returns.
 */
export const auditChainState = async (db: Executor, firmId: string): Promise<ChainState> => {
  const [row] = await db
    .select({
      events: sql<number>`count(*)::int`,
      lastEventId: sql<number | null>`max(${auditEvents.id})`,
      lastEventAt: sql<string | null>`max(${auditEvents.at})`,
    })
    .from(auditEvents)
    .where(eq(auditEvents.firmId, firmId));
  return {
    events: Number(row?.events ?? 0),
    lastEventId: row?.lastEventId == null ? null : Number(row.lastEventId),
    lastEventAt: row?.lastEventAt ? new Date(row.lastEventAt) : null,
    head: null,
  };
};

import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "../../db/client.js";
import { auditChainHeads } from "../../db/schema.js";

/**
 * The firm's audit hash chain, read back. The database writes it (a BEFORE INSERT trigger, see
 * docs/operations.md, "Audit trail"); this module recomputes every hash from the rows with its own
 * copy of the canonical form, so a trigger function replaced behind our back is caught too.
 */

/** The `prev_hash` of a firm's first event. */
export const GENESIS_HASH = "0".repeat(64);

/** How much of a hash people are shown (64 bits: no one forges a match for a posted digest). */
export const SHORT_HASH_LENGTH = 16;

export interface ChainHead {
  firmId: string;
  /** Number of the latest event (events are numbered 1, 2, 3… per firm). */
  seq: number;
  /** That event's SHA-256, hex. */
  hash: string;
}

/** The latest link of a firm's chain, for the weekly digest and the supervision packet. */
export const chainHead = async (db: Executor, firmId: string): Promise<ChainHead | undefined> => {
  const [head] = await db.select().from(auditChainHeads).where(eq(auditChainHeads.firmId, firmId));
  return head;
};

export const shortHash = (hash: string): string => hash.slice(0, SHORT_HASH_LENGTH);

/** An event, as `audit verify` names it to a person. */
export interface EventRef {
  seq: number;
  at: Date;
  action: string;
  actorName: string | null;
  taskNumber: number | null;
  matterNumber: string | null;
}

export type ChainProblem =
  /** The event's content no longer gives its hash: edited after it was recorded. */
  | { kind: "altered"; event: EventRef }
  /** The event is not part of the chain: the events around it link past it. */
  | { kind: "inserted"; event: EventRef }
  /** Events numbered `from`…`to` are gone; `event` is the first one after the gap. */
  | { kind: "missing"; event: EventRef; from: number; to: number }
  /** The event does not follow from the one before it: one of the two was rewritten. */
  | { kind: "unlinked"; event: EventRef }
  /** The trail ends before the chain's head: the events after `event` are gone. */
  | { kind: "truncated"; event: EventRef | undefined; from: number; to: number };

export type ChainCheck =
  | { intact: true; events: number; first?: EventRef; last?: EventRef; head?: ChainHead }
  | { intact: false; events: number; problem: ChainProblem };

const utc = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The canonical form, version 1, as the migration's audit_event_hash() builds it (kept apart on
 * purpose: verification must not trust the database's own function).
 */
const RECOMPUTED_HASH = `encode(sha256(convert_to(jsonb_build_array(
  'delegate-audit-v1', e.firm_id, e.seq, ${utc("e.at")}, ${utc("e.chained_at")}, e.actor_id, e.action,
  e.task_id, e.matter_id, e.subject_id, e.detail, e.prev_hash)::text, 'UTF8')), 'hex')`;

const int = z.coerce.number().int();
const nullableInt = z.union([z.null(), int]);

const checkRow = z.object({
  events: int,
  last_seq: nullableInt,
  last_hash: z.string().nullable(),
  head_seq: nullableInt,
  head_hash: z.string().nullable(),
  bad_seq: nullableInt,
  bad_prev_hash: z.string().nullable(),
  before_seq: nullableInt,
  before_hash: z.string().nullable(),
  before2_hash: z.string().nullable(),
});

const eventRow = z.object({
  seq: int,
  at_ms: z.coerce.number(),
  action: z.string(),
  actor_name: z.string().nullable(),
  task_number: nullableInt,
  matter_number: z.string().nullable(),
});

/** Rows of a raw query, whichever engine ran it (PGlite gives `{ rows }`, postgres.js an array). */
const rowsOf = (result: unknown): unknown[] => {
  if (Array.isArray(result)) return result;
  const rows = (result as { rows?: unknown }).rows;
  return Array.isArray(rows) ? rows : [];
};

/**
 * One statement, so the rows and the head are read at one instant: the event count, the last
 * event, the head, and the first event that breaks the chain (with the two hashes before it, to
 * tell an insertion from an edit). The hashing runs in the database (sha256 is built in).
 */
const checkQuery = (firmId: string) =>
  sql`with chain as (
    select e.seq, e.hash, e.prev_hash, ${sql.raw(RECOMPUTED_HASH)} as recomputed,
      lag(e.seq) over w as before_seq, lag(e.hash) over w as before_hash, lag(e.hash, 2) over w as before2_hash
    from audit_events e where e.firm_id = ${firmId}
    window w as (order by e.seq)
  ), bad as (
    select * from chain
    where seq <> coalesce(before_seq, 0) + 1
       or prev_hash <> coalesce(before_hash, ${GENESIS_HASH})
       or recomputed <> hash
    order by seq limit 1
  ), last as (select seq, hash from chain order by seq desc limit 1)
  select (select count(*) from chain)::bigint as events,
    (select seq from last) as last_seq, (select hash from last) as last_hash,
    h.seq as head_seq, h.hash as head_hash,
    b.seq as bad_seq, b.prev_hash as bad_prev_hash,
    b.before_seq, b.before_hash, b.before2_hash
  from (select 1) one
  left join audit_chain_heads h on h.firm_id = ${firmId}
  left join bad b on true`;

const describeEvent = async (db: Executor, firmId: string, seq: number): Promise<EventRef | undefined> => {
  const result = await db.execute(sql`
    select e.seq, extract(epoch from e.at) * 1000 as at_ms, e.action, p.display_name as actor_name,
      t.number as task_number, m.number as matter_number
    from audit_events e
    left join people p on p.id = e.actor_id
    left join tasks t on t.id = e.task_id
    left join matters m on m.id = e.matter_id
    where e.firm_id = ${firmId} and e.seq = ${seq}`);
  const [row] = rowsOf(result).map((r) => eventRow.parse(r));
  return row
    ? {
        seq: row.seq,
        at: new Date(row.at_ms),
        action: row.action,
        actorName: row.actor_name,
        taskNumber: row.task_number,
        matterNumber: row.matter_number,
      }
    : undefined;
};

/** The event numbered `seq`; it was just read, so only a concurrent superuser could make it vanish. */
const mustDescribe = async (db: Executor, firmId: string, seq: number): Promise<EventRef> => {
  const event = await describeEvent(db, firmId, seq);
  if (!event) throw new Error(`audit event ${seq} vanished during verification`);
  return event;
};

/**
 * Recomputes a firm's whole chain and compares it with the stored hashes and the head. Reports the
 * first event that does not match, and why, in the terms of ChainProblem.
 */
export const verifyChain = async (db: Executor, firmId: string): Promise<ChainCheck> => {
  const [raw] = rowsOf(await db.execute(checkQuery(firmId)));
  const c = checkRow.parse(raw);
  const events = c.events;
  if (c.bad_seq !== null) {
    const seq = c.bad_seq;
    const beforeSeq = c.before_seq ?? 0;
    const broken = (problem: ChainProblem): ChainCheck => ({ intact: false, events, problem });
    if (seq > beforeSeq + 1) {
      return broken({
        kind: "missing",
        event: await mustDescribe(db, firmId, seq),
        from: beforeSeq + 1,
        to: seq - 1,
      });
    }
    if (seq < 1) return broken({ kind: "inserted", event: await mustDescribe(db, firmId, seq) });
    if (c.bad_prev_hash !== (c.before_hash ?? GENESIS_HASH)) {
      // It links to the event two back: the one in between was slipped in.
      if (c.before_seq !== null && c.bad_prev_hash === (c.before2_hash ?? GENESIS_HASH)) {
        return broken({ kind: "inserted", event: await mustDescribe(db, firmId, c.before_seq) });
      }
      return broken({ kind: "unlinked", event: await mustDescribe(db, firmId, seq) });
    }
    return broken({ kind: "altered", event: await mustDescribe(db, firmId, seq) });
  }
  const lastSeq = c.last_seq ?? 0;
  const headSeq = c.head_seq ?? 0;
  if (headSeq > lastSeq) {
    const event = lastSeq > 0 ? await mustDescribe(db, firmId, lastSeq) : undefined;
    return { intact: false, events, problem: { kind: "truncated", event, from: lastSeq + 1, to: headSeq } };
  }
  if (headSeq < lastSeq) {
    // Rows beyond the head never went through the chain trigger.
    return {
      intact: false,
      events,
      problem: { kind: "inserted", event: await mustDescribe(db, firmId, headSeq + 1) },
    };
  }
  if (lastSeq > 0 && c.head_hash !== c.last_hash) {
    return {
      intact: false,
      events,
      problem: { kind: "unlinked", event: await mustDescribe(db, firmId, lastSeq) },
    };
  }
  if (events === 0) return { intact: true, events };
  const [first, last] = await Promise.all([describeEvent(db, firmId, 1), describeEvent(db, firmId, lastSeq)]);
  return {
    intact: true,
    events,
    ...(first ? { first } : {}),
    ...(last ? { last } : {}),
    ...(c.head_seq !== null && c.head_hash !== null
      ? { head: { firmId, seq: c.head_seq, hash: c.head_hash } }
      : {}),
  };
};

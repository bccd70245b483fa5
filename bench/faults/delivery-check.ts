import postgres from "postgres";
import { waitForOutbox } from "../lib/outbox-drain.js";
import { sleep } from "../lib/server-process.js";
import type { PostedMessage } from "../slack/chat-api.js";

/** When each fault happened (Date.now()), to explain duplicates against. */
export interface FaultTimes {
  killedAt?: number;
  restartedAt?: number;
  dbStoppedAt?: number;
  dbReadyAt?: number;
}

export interface Duplicate {
  task: string;
  copies: number;
  /** ms since the first copy for each later copy. */
  laterByMs: number[];
  explanation: string;
  explained: boolean;
}

export interface DeliveryReport {
  drainMs: number;
  drained: boolean;
  acknowledged: number;
  tasksInDb: number;
  tasksLost: number[];
  /** Tasks created whose reply the user never saw (killed mid-request, reset): not lost, not acked. */
  createdUnacknowledged: number;
  /** Assigns whose reply said it did not go through (try again), yet the task exists: a retry doubles it. */
  savedDespiteFailureReply: number[];
  /** Assigns whose reply said the outcome was unknown (check first), and how many of them were saved. */
  unconfirmed: { replies: number; saved: number };
  outboxRows: number;
  byStatus: Record<string, number>;
  delivered: number;
  lost: { task: string; status: string; attempts: number; lastError: string | null }[];
  duplicates: Duplicate[];
  extraCopies: number;
  postsNotFromOutbox: number;
}

interface OutboxRow {
  id: number;
  kind: string;
  status: string;
  attempts: number;
  last_error: string | null;
  line: string | null;
}

/** The task a notification is about: "… assigned you T-12." in the view or the posted text. */
const taskIn = (text: string): string | undefined => /assigned you (T-\d+)\b/.exec(text)?.[1];

const LEASE_MS = 60_000;

/** Why a notification was posted twice, judged against the documented at-least-once window. */
const explain = (first: number, later: number, f: FaultTimes): { text: string; explained: boolean } => {
  const gap = Math.round((later - first) / 1000);
  if (
    f.killedAt !== undefined &&
    first <= f.killedAt &&
    f.killedAt - first < LEASE_MS / 2 &&
    later > f.killedAt
  ) {
    return {
      explained: true,
      text: `crash between send and mark: Slack accepted it ${f.killedAt - first} ms before kill -9, the dead process never recorded it, the restarted one re-sent it ${gap} s later when the claim's 60 s lease ran out (README: "a replica stops … after the platform accepted a message and before it recorded that")`,
    };
  }
  if (
    f.dbStoppedAt !== undefined &&
    f.dbReadyAt !== undefined &&
    first >= f.dbStoppedAt - 2000 &&
    first <= f.dbReadyAt + 2000
  ) {
    return {
      explained: true,
      text: `database outage between send and mark: Slack accepted it, then marking it sent failed because PostgreSQL was stopped; re-sent ${gap} s later when the 60 s lease ran out (the same window as a crash; the README lists only crash and platform timeout)`,
    };
  }
  return { explained: false, text: `not explained: copies ${gap} s apart outside every fault window` };
};

/**
 * After the load: wait for the dispatcher to drain, then compare what the server acknowledged,
 * what the database holds and what the fake Slack API received.
 */
export const checkDelivery = async (
  url: string,
  acknowledged: ReadonlySet<number>,
  /** Read after the drain: what the fake Slack API took by then. */
  posted: () => readonly PostedMessage[],
  faults: FaultTimes,
  drainMaxMs: number,
  replies: { saidFailed: ReadonlySet<number>; saidUnknown: ReadonlySet<number> },
): Promise<DeliveryReport> => {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    const { ms: drainMs, drained } = await waitForOutbox(sql, { maxMs: drainMaxMs, pollMs: 1000 });
    await sleep(500); // The last post's answer and its mark, in flight.
    const taskRows = await sql<{ number: number; title: string }[]>`select number, title from tasks`;
    const inDb = new Set(taskRows.map((r) => r.number));
    // Each assign's title names its request ("Fault review 4312", bench/faults/fault-commands.ts).
    const savedRequests = new Set(
      taskRows.map((r) => Number(/^Fault review (\d+)$/.exec(r.title)?.[1] ?? -1)).filter((i) => i >= 0),
    );
    const tasksLost = [...acknowledged].filter((n) => !inDb.has(n)).sort((a, b) => a - b);
    const rows = await sql<OutboxRow[]>`
      select id::int as id, kind, status::text as status, attempts, last_error, payload->'lines'->>0 as line
      from outbox order by id`;
    const byStatus: Record<string, number> = {};
    for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;

    const copies = new Map<string, number[]>();
    let postsNotFromOutbox = 0;
    for (const p of posted()) {
      const task = taskIn(p.body);
      if (!task) {
        postsNotFromOutbox++;
        continue;
      }
      const list = copies.get(task) ?? [];
      list.push(p.at);
      copies.set(task, list);
    }
    const lost: DeliveryReport["lost"] = [];
    const notified = new Set<string>();
    for (const r of rows) {
      const task = (r.line && taskIn(r.line)) ?? `outbox #${r.id} (${r.kind})`;
      notified.add(task);
      if (r.status !== "sent" || !copies.has(task)) {
        lost.push({ task, status: r.status, attempts: r.attempts, lastError: r.last_error });
      }
    }
    // An acknowledged assign with no notification at all would be lost before the outbox.
    for (const n of acknowledged) {
      if (!notified.has(`T-${n}`))
        lost.push({ task: `T-${n}`, status: "no outbox row", attempts: 0, lastError: null });
    }
    const duplicates: Duplicate[] = [];
    for (const [task, ats] of copies) {
      if (ats.length < 2) continue;
      const sorted = [...ats].sort((a, b) => a - b);
      const first = sorted[0] ?? 0;
      const later = sorted.slice(1);
      const e = explain(first, later[0] ?? first, faults);
      duplicates.push({
        task,
        copies: sorted.length,
        laterByMs: later.map((t) => t - first),
        explanation: e.text,
        explained: e.explained,
      });
    }
    return {
      drainMs,
      drained,
      acknowledged: acknowledged.size,
      tasksInDb: inDb.size,
      tasksLost,
      createdUnacknowledged: [...inDb].filter((n) => !acknowledged.has(n)).length,
      savedDespiteFailureReply: [...replies.saidFailed]
        .filter((i) => savedRequests.has(i))
        .sort((a, b) => a - b),
      unconfirmed: {
        replies: replies.saidUnknown.size,
        saved: [...replies.saidUnknown].filter((i) => savedRequests.has(i)).length,
      },
      outboxRows: rows.length,
      byStatus,
      delivered: rows.length - lost.filter((l) => l.status !== "no outbox row").length,
      lost,
      duplicates,
      extraCopies: duplicates.reduce((s, d) => s + d.copies - 1, 0),
      postsNotFromOutbox,
    };
  } finally {
    await sql.end({ timeout: 5 });
  }
};

import { AsyncLocalStorage } from "node:async_hooks";
import type { Db } from "./client.js";
import { DatabaseUnavailableError, isLostConnection } from "./unavailable.js";

/**
 * A request's deadline, as the database layer sees it. The core answers every request within a
 * bound (src/commands/answer-deadline.ts); once it has answered, `expired` is set, and whatever the
 * request still had going must not change data behind the answer's back: no new statement is
 * sent for it, and a transaction that has not reached COMMIT rolls back. `committing` counts
 * its transactions whose COMMIT is on its way: if any is when the deadline passes, the outcome is
 * unknown and the answer has to say so.
 */
export interface Deadline {
  expired: boolean;
  committing: number;
}

const deadlines = new AsyncLocalStorage<Deadline>();

/** Runs `work` (and everything it awaits) under `deadline`. */
export const runUnderDeadline = <T>(deadline: Deadline, work: () => Promise<T>): Promise<T> =>
  deadlines.run(deadline, work);

/**
 * Runs `work` as no request's: for work a request starts but does not wait for (it answers first and
 * sends the result later), which must not be cut off when the request's deadline passes.
 */
export const withoutDeadline = <T>(work: () => Promise<T>): Promise<T> => deadlines.exit(work);

/** The deadline of the request this code runs for; undefined in jobs and tests that set none. */
export const currentDeadline = (): Deadline | undefined => deadlines.getStore();

/**
 * The refusal for a statement of a request already answered, or undefined while it may still run.
 * Every way a statement reaches either engine asks this first.
 */
export const pastDeadline = (d = currentDeadline()): DatabaseUnavailableError | undefined =>
  d?.expired ? new DatabaseUnavailableError("deadline") : undefined;

const refuseIfExpired = (d: Deadline) => {
  const refused = pastDeadline(d);
  if (refused) throw refused;
};

/**
 * `db.transaction` that keeps to the request's deadline, on either engine: it does not start once
 * the deadline has passed; the work is rolled back instead of committed if the deadline passes
 * while it runs; and a COMMIT cut off by a lost connection becomes "unknown", not "failed".
 */
export const keepDeadlines = (db: Db): Db => {
  const transaction = db.transaction.bind(db);
  const guarded: Db["transaction"] = (work, config) => {
    const d = currentDeadline();
    if (!d) return transaction(work, config);
    let committing = false;
    return (async () => {
      refuseIfExpired(d);
      try {
        return await transaction(async (tx) => {
          refuseIfExpired(d);
          const result = await work(tx);
          // Throwing here rolls back: nothing is applied after the request was answered.
          refuseIfExpired(d);
          committing = true;
          d.committing++;
          return result;
        }, config);
      } catch (e) {
        if (committing && isLostConnection(e)) throw new DatabaseUnavailableError("unknown", { cause: e });
        throw e;
      } finally {
        if (committing) d.committing--;
      }
    })();
  };
  db.transaction = guarded;
  return db;
};

import type postgres from "postgres";
import { currentDeadline, pastDeadline } from "./deadline.js";

/**
 * `sql.begin` as drizzle calls it, rebuilt on `sql.reserve()`, for two faults of postgres.js 3.4.9
 * (fixes not released):
 * - Under load it can send BEGIN on a connection it has not reserved (porsager/postgres#823, #1189):
 *   when BEGIN is the query that fills a busy connection's pipeline, the step that reserves the
 *   connection is skipped. PostgreSQL has opened the transaction, the connection goes back to the
 *   pool and other requests' statements run inside it; the driver rejects with UNSAFE_TRANSACTION.
 *   The bench's capacity steps met it at 800 commands a second. A reserved connection is taken
 *   only when idle and is marked before anything is sent on it. (`reserve()` needs the client's
 *   `fetch_types`, on by default: without it a fresh connection is never handed out.)
 * - When a connection dies inside a transaction, its `begin` answers by writing ROLLBACK to the
 *   closed connection in a setImmediate on a null socket (TypeError, uncatchable;
 *   porsager/postgres#1208): a PostgreSQL restart killed the server. Here no ROLLBACK is sent
 *   after a lost connection (the server ended the session: nothing was committed), and the
 *   transaction rejects with the connection's error.
 */

/**
 * Errors after which the session is gone: postgres.js's own, or a FATAL from the server; also
 * as the `cause` of drizzle's DrizzleQueryError.
 */
const connectionLost = (e: unknown, depth = 0): boolean => {
  if (typeof e !== "object" || e === null || depth > 3) return false;
  const { code, severity, cause } = e as { code?: unknown; severity?: unknown; cause?: unknown };
  return (
    code === "CONNECTION_CLOSED" ||
    code === "CONNECTION_DESTROYED" ||
    code === "CONNECTION_ENDED" ||
    severity === "FATAL" ||
    severity === "PANIC" ||
    connectionLost(cause, depth + 1)
  );
};

/**
 * The transaction's client, refusing new queries once its connection is known to be gone, or
 * once the request it works for has been answered (db/deadline.ts: it will roll back anyway).
 */
const refuseWhenLost = <T extends object>(tx: T, lost: () => unknown): T =>
  new Proxy(tx, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if ((prop !== "unsafe" && prop !== "savepoint") || typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const e = lost();
        if (e) throw e;
        return value.apply(target, args);
      };
    },
  });

type Begin = (...args: unknown[]) => Promise<unknown>;

const guardedBegin =
  (sql: postgres.Sql): Begin =>
  async (...args) => {
    const fn = args[args.length - 1] as (tx: object) => unknown;
    // `begin(options, fn)`: options as postgres.js takes them (e.g. "isolation level serializable").
    const options = args.length > 1 ? String(args[0]).replace(/[^a-z ]/gi, "") : "";
    const deadline = currentDeadline();
    let lost: unknown;
    const refusal = () => lost ?? pastDeadline(deadline);
    const tx = await sql.reserve();
    // BEGIN is not waited for: postgres.js writes what a connection is given within one tick
    // together, so it leaves with the transaction's first statements, a round trip less
    // (docs/performance.md). PostgreSQL runs them in order. A plain BEGIN fails only with its
    // connection, and then so do the statements behind it; awaited before COMMIT all the same.
    const begun = tx.unsafe(`begin ${options}`.trim());
    begun.catch(() => undefined);
    try {
      const result = await fn(refuseWhenLost(tx, refusal));
      await begun;
      await tx.unsafe("commit");
      return result;
    } catch (e) {
      if (connectionLost(e)) lost ??= e;
      else
        await tx.unsafe("rollback").catch((r: unknown) => {
          if (connectionLost(r)) lost ??= r;
        });
      throw e;
    } finally {
      // A connection that died is postgres.js's to reopen; released, it would be handed out as open.
      if (!lost) tx.release();
    }
  };

/** The client with `begin` guarded; everything else (unsafe, options, end) passes through. */
export const guardTransactions = (sql: postgres.Sql): postgres.Sql =>
  new Proxy(sql, {
    get(target, prop, receiver) {
      return prop === "begin" ? guardedBegin(target) : Reflect.get(target, prop, receiver);
    },
  });

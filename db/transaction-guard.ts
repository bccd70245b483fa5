import type postgres from "postgres";
import { currentDeadline } from "./deadline.js";
import { DatabaseUnavailableError } from "./unavailable.js";

/**
 * postgres.js 3.4.9 crashes the process when a connection dies inside a transaction: its
 * `begin` answers the failed query by writing ROLLBACK to the closed connection, and that write
 * runs in a setImmediate on a null socket (TypeError, uncatchable; porsager/postgres#1208, fix
 * not released). A PostgreSQL restart thus killed the server. This wrapper keeps such a
 * transaction from ever reaching ROLLBACK (there is nothing to roll back: the server ended the
 * session, so nothing was committed) and rejects with the connection's error instead.
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
  (...args) => {
    const fn = args[args.length - 1] as (tx: object) => unknown;
    const deadline = currentDeadline();
    let lost: unknown;
    const refusal = () => lost ?? (deadline?.expired ? new DatabaseUnavailableError("deadline") : undefined);
    let abandon: (e: unknown) => void = () => {};
    const abandoned = new Promise<never>((_, reject) => {
      abandon = reject;
    });
    const begin = sql.begin as unknown as Begin;
    const inner = begin.call(
      sql,
      ...args.slice(0, -1),
      (tx: object) =>
        new Promise((resolve, reject) => {
          Promise.resolve()
            .then(() => fn(refuseWhenLost(tx, refusal)))
            .then(resolve, (e: unknown) => {
              if (!connectionLost(e)) return reject(e);
              // Left pending on purpose: settling would make postgres.js write ROLLBACK to a dead socket.
              lost ??= e;
              abandon(e);
            });
        }),
    );
    // postgres.js rejects `begin` when the connection closes mid-transaction: no query after that.
    inner.catch((e: unknown) => {
      if (connectionLost(e)) lost ??= e;
    });
    return Promise.race([inner, abandoned]);
  };

/** The client with `begin` guarded; everything else (unsafe, options, end) passes through. */
export const guardTransactions = (sql: postgres.Sql): postgres.Sql =>
  new Proxy(sql, {
    get(target, prop, receiver) {
      return prop === "begin" ? guardedBegin(target) : Reflect.get(target, prop, receiver);
    },
  });

import type postgres from "postgres";
import { pastDeadline } from "./deadline.js";
import { DatabaseUnavailableError, isConnectionFailure, markLost } from "./unavailable.js";

export interface Reachability {
  /** The client, refusing queries and transactions at once while PostgreSQL is known to be down. */
  client: postgres.Sql;
  /** Stops probing (on close). */
  stop(): void;
}

const PROBE_EVERY_MS = 250;
/** A probe not answered within this long counts as failed (a blackholed network answers never). */
const PROBE_TIMEOUT_MS = 2000;

const pause = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

/**
 * A circuit breaker in front of the postgres.js pool. postgres.js queues every query while its
 * connections are (re)connecting, and a failed attempt rejects only the one query it was opened
 * for, then waits its backoff: during an outage the queue grows faster than it drains and a
 * request waits for seconds (the faults benchmark's hangs). So when a query fails because the
 * server cannot be reached, `probe` (a `select 1` on a connection of its own, not queued behind
 * the pool) checks at once. If the probe fails too, PostgreSQL is down: new queries and
 * transactions are refused at once with DatabaseUnavailableError("unreachable"), before
 * anything is sent or queued, and the probe runs every 250 ms until it is answered. One lost
 * connection on a healthy server (a slow login, a killed backend) refuses nobody else.
 * Also refuses, with reason "deadline", queries of a request that has already been answered.
 */
export const watchReachability = (client: postgres.Sql, probe: () => Promise<unknown>): Reachability => {
  let state: "up" | "checking" | "down" = "up";
  let stopped = false;

  const answers = async (): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    const answered = await Promise.race([
      probe().then(
        () => true,
        () => false,
      ),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
    return answered;
  };

  const checkUntilUp = async () => {
    state = "checking";
    while (!stopped && !(await answers())) {
      state = "down";
      await pause(PROBE_EVERY_MS);
    }
    state = "up";
  };

  const observe = (e: unknown) => {
    if (!isConnectionFailure(e)) return;
    markLost(e);
    if (!stopped && state === "up") void checkUntilUp();
  };

  const refusal = (): DatabaseUnavailableError | undefined =>
    state === "down" ? new DatabaseUnavailableError("unreachable") : pastDeadline();

  const gated = new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === "unsafe") {
        return (...args: Parameters<postgres.Sql["unsafe"]>) => {
          const refused = refusal();
          if (refused) throw refused;
          const query = target.unsafe(...args);
          // Watches the outcome. This starts the query (postgres.js runs one when first awaited),
          // which is what drizzle does with every query it makes anyway.
          query.then(undefined, observe);
          return query;
        };
      }
      if (prop === "begin") {
        return (...args: unknown[]) => {
          const refused = refusal();
          if (refused) return Promise.reject(refused);
          const begin = target.begin as unknown as (...a: unknown[]) => Promise<unknown>;
          return begin.apply(target, args).catch((e: unknown) => {
            observe(e);
            throw e;
          });
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });

  return {
    client: gated,
    stop: () => {
      stopped = true;
    },
  };
};

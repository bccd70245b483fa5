import type postgres from "postgres";
import { currentDeadline } from "./deadline.js";
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
 * request waits for seconds (the faults benchmark's hangs). So once a query fails because the
 * server cannot be reached, the pool is marked down: new queries and transactions are refused at
 * once with DatabaseUnavailableError("unreachable"), before anything is sent or queued. A single
 * `select 1` probe, every 250 ms, finds out when PostgreSQL is back, and the gate opens again.
 * Also refuses, with reason "deadline", queries of a request that has already been answered.
 */
export const watchReachability = (client: postgres.Sql, raw: postgres.Sql = client): Reachability => {
  let down = false;
  let probing = false;
  let stopped = false;

  const probeUntilUp = async () => {
    if (probing) return;
    probing = true;
    try {
      while (down && !stopped) {
        let timer: NodeJS.Timeout | undefined;
        const answered = await Promise.race([
          raw.unsafe("select 1").then(
            () => true,
            () => false,
          ),
          new Promise<false>((resolve) => {
            timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
            timer.unref();
          }),
        ]);
        clearTimeout(timer);
        if (answered) down = false;
        else await pause(PROBE_EVERY_MS);
      }
    } finally {
      probing = false;
    }
  };

  const observe = (e: unknown) => {
    if (!isConnectionFailure(e)) return;
    markLost(e);
    if (stopped) return;
    down = true;
    void probeUntilUp();
  };

  const refusal = (): DatabaseUnavailableError | undefined =>
    down
      ? new DatabaseUnavailableError("unreachable")
      : currentDeadline()?.expired
        ? new DatabaseUnavailableError("deadline")
        : undefined;

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

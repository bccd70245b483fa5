import type { Logger } from "pino";
import type { Db } from "../../db/client.js";
import type { Clock } from "../services/deps.js";
import { DELIVERY_BATCH, type DeliverOptions, deliverPending } from "./deliver.js";
import type { Sender } from "./sender.js";

export interface OutboxLoop {
  /** Deliver what is due now (also what the timer does). */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Runs the outbox dispatcher every `intervalMs` in this process. Replicas may all run it:
 * rows are claimed with SKIP LOCKED and a lease, so each is sent by one of them.
 */
export const startOutboxLoop = (options: {
  db: Db;
  senders: Sender[];
  clock: Clock;
  logger: Logger;
  intervalMs?: number;
  /** Passed to deliverPending (lease, attempts, send timeout); tests shorten the lease. */
  delivery?: Omit<DeliverOptions, "now">;
}): OutboxLoop => {
  let running: Promise<number> | undefined;
  let stopped = false;
  const batch = options.delivery?.limit ?? DELIVERY_BATCH;
  const drain = async () => {
    let total = 0;
    for (;;) {
      const sent = await deliverPending(options.db, options.senders, {
        ...options.delivery,
        now: options.clock.now(),
      });
      total += sent;
      // A full batch means more may be waiting: go on now, not a second later (a backlog
      // would otherwise drain at one batch a second).
      if (sent < batch || stopped) return total;
    }
  };
  const tick = () => {
    // No overlap: a slow platform must not make two ticks send the same rows.
    running ??= drain()
      .catch((e: unknown) => {
        options.logger.warn({ err: e instanceof Error ? e : typeof e }, "outbox tick failed; will retry");
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void tick(), options.intervalMs ?? 1000);
  timer.unref();
  return {
    tick,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
};

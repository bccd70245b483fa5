import type postgres from "postgres";
import { sleep } from "./server-process.js";

/** Notifications the outbox still has to deliver: every pending one, or with `dueOnly` those due now. */
export const pendingNotifications = async (sql: postgres.Sql, dueOnly = false): Promise<number> => {
  const [row] = dueOnly
    ? await sql<{ n: number }[]>`
        select count(*)::int as n from outbox where status = 'pending' and next_attempt_at <= now()`
    : await sql<{ n: number }[]>`select count(*)::int as n from outbox where status = 'pending'`;
  return row?.n ?? 0;
};

/**
 * Waits until the outbox has nothing left (see pendingNotifications), asking every `pollMs`, for at
 * most `maxMs`: how long it took and whether it emptied.
 */
export const waitForOutbox = async (
  sql: postgres.Sql,
  options: { maxMs: number; pollMs: number; dueOnly?: boolean },
): Promise<{ ms: number; drained: boolean }> => {
  const started = performance.now();
  for (;;) {
    const ms = performance.now() - started;
    if ((await pendingNotifications(sql, options.dueOnly)) === 0) return { ms, drained: true };
    if (ms > options.maxMs) return { ms, drained: false };
    await sleep(options.pollMs);
  }
};

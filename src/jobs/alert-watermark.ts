import { and, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db, Executor } from "../../db/client.js";
import { auditEvents, jobRuns } from "../../db/schema.js";

/**
 * Where the alert tick records how far it got: the instant of its latest complete run, and the
 * last audit event it had seen then (every change to a task writes one, in the same transaction,
 * so the events after it name the tasks changed since, whatever clock wrote them).
 */
const WATERMARK = { job: "alert_tick", scope: "global", period: "watermark" } as const;
const HORIZON = { job: "alert_tick", scope: "global", period: "audit_horizon" } as const;

export interface Watermark {
  at: Date;
  /** The last audit event id seen by that run (kept in claimed_by: job_runs has no number column). */
  auditId: number | undefined;
}

/** Where the latest complete alert tick got to, if any. */
export const readWatermark = async (db: Executor): Promise<Watermark | undefined> => {
  const rows = await db
    .select({ period: jobRuns.period, at: jobRuns.claimedAt, by: jobRuns.claimedBy })
    .from(jobRuns)
    .where(
      and(
        eq(jobRuns.job, WATERMARK.job),
        eq(jobRuns.scope, WATERMARK.scope),
        inArray(jobRuns.period, [WATERMARK.period, HORIZON.period]),
      ),
    );
  const mark = rows.find((r) => r.period === WATERMARK.period);
  if (!mark) return undefined;
  const horizon = Number(rows.find((r) => r.period === HORIZON.period)?.by);
  return { at: mark.at, auditId: Number.isSafeInteger(horizon) ? horizon : undefined };
};

/** The newest audit event id (0 with none): read before the candidates, so nothing falls between. */
export const latestAuditId = async (db: Executor): Promise<number> => {
  const [row] = await db.select({ id: sql<number | null>`max(${auditEvents.id})` }).from(auditEvents);
  return Number(row?.id ?? 0);
};

/**
 * Record that every alert due up to `now` was handled, and the audit events seen. The latest
 * complete tick wins: with replicas an earlier `now` may overwrite a later one, which only
 * makes the next tick re-read a stretch the ledger already covers.
 */
export const writeWatermark = async (
  db: Db,
  now: Date,
  auditId: number,
  instanceId: string,
): Promise<void> => {
  await db.transaction(async (tx) => {
    // A watermark lost in a crash only makes the next tick re-read a stretch: no need to wait for the disk.
    await tx.execute(sql`set local synchronous_commit = off`);
    await tx
      .insert(jobRuns)
      .values([
        { ...WATERMARK, claimedBy: instanceId, claimedAt: now, finishedAt: now },
        { ...HORIZON, claimedBy: String(auditId), claimedAt: now, finishedAt: now },
      ])
      .onConflictDoUpdate({
        target: [jobRuns.job, jobRuns.scope, jobRuns.period],
        set: {
          claimedBy: sql`excluded.claimed_by`,
          claimedAt: sql`excluded.claimed_at`,
          finishedAt: sql`excluded.finished_at`,
        },
      });
  });
};

/** Tasks named by audit events after `auditId`: changed since the last tick. */
export const tasksChangedSince = async (db: Executor, auditId: number | undefined): Promise<string[]> => {
  if (auditId === undefined) return [];
  const rows = await db
    .selectDistinct({ id: auditEvents.taskId })
    .from(auditEvents)
    .where(and(gt(auditEvents.id, auditId), sql`${auditEvents.taskId} is not null`));
  return rows.flatMap((r) => (r.id ? [r.id] : []));
};

import { and, eq } from "drizzle-orm";
import { channels, firms, outbox } from "../../db/schema.js";
import { weekBounds } from "../domain/weeks.js";
import { chainHead } from "../services/audit-chain.js";
import { type WeeklyFigures, weeklyFigures } from "../services/digest-figures.js";
import { type DigestContext, digestView } from "../services/digest-view.js";
import { enqueue } from "../services/outbox.js";
import { outboxPayloadOf } from "../views/outbox-payload.js";
import type { ViewImage } from "../views/view.js";
import { latestFireTime, parseCron } from "./cron-fire-time.js";
import { claimedRuns, claimJobRun, runKey } from "./job-claims.js";
import { defaultInstanceId, type JobDeps } from "./job-deps.js";

/** The default DIGEST_CRON (docs/operations.md#configuration): Monday 08:00 in each firm's zone. */
export const DEFAULT_DIGEST_CRON = "0 8 * * 1";
/** How long a claimed digest waits for its chart at most before it is posted without one. */
const CHART_WAIT_MS = 2 * 60_000;
/** A digest posted this long after it was due is marked late (the scheduler checks every minute). */
export const LATE_AFTER_MS = 30 * 60_000;

export interface DigestRunOptions {
  /** When the digest is due, read in each firm's zone. Default DEFAULT_DIGEST_CRON. */
  digestCron?: string;
  lateAfterMs?: number;
}

export interface PostedDigest {
  firmId: string;
  week: string;
  late: boolean;
}

/**
 * One digest check at `now`: for each firm with a digest channel, the latest time DIGEST_CRON
 * fired on the firm's own wall clock decides the week due (the last complete week before it).
 * Each firm's digest for a week is claimed in job_runs (its primary key is the claim) and queued
 * to the channel in the same transaction: posted once, whatever the number of replicas, restarts
 * or console `.run digest`. A digest missed while every replica was down is the latest fire time
 * still unclaimed, so it is posted when one comes back: the latest week only, marked late.
 * A week that ended before the firm was created is nobody's digest: it is skipped, not posted late.
 * The process that claimed a digest then draws its chart (in a worker thread) and releases the
 * post with it; only that one process draws.
 */
export const runDigest = async (
  deps: JobDeps,
  now: Date,
  options: DigestRunOptions = {},
): Promise<PostedDigest[]> => {
  const { db } = deps;
  const fields = parseCron(options.digestCron ?? DEFAULT_DIGEST_CRON);
  const bound = await db
    .select({ firm: firms, channelId: channels.id })
    .from(firms)
    .innerJoin(channels, and(eq(channels.firmId, firms.id), eq(channels.purpose, "digest")));
  const due = bound.flatMap((b) => {
    const firedAt = latestFireTime(fields, now, b.firm.tz);
    if (!firedAt) return [];
    const week = weekBounds({ kind: "last" }, firedAt, b.firm.tz);
    // A firm's first digest covers no week before the firm existed: a new firm waits for its own week.
    return week.end.getTime() <= b.firm.createdAt.getTime() ? [] : [{ ...b, firedAt, week }];
  });
  if (due.length === 0) return [];
  const claimed = await claimedRuns(
    db,
    "digest",
    due.map((d) => d.firm.id),
  );
  const fresh = due.filter((d) => !claimed.has(runKey(d.firm.id, d.week.label)));
  const posted: PostedDigest[] = [];
  for (const d of fresh) {
    const late = now.getTime() - d.firedAt.getTime() > (options.lateAfterMs ?? LATE_AFTER_MS);
    const dedupeKey = `digest:${d.firm.id}:${d.week.label}`;
    const won = await db.transaction(async (tx) => {
      const claimed = await claimJobRun(tx, {
        job: "digest",
        scope: d.firm.id,
        period: d.week.label,
        claimedBy: deps.instanceId ?? defaultInstanceId(),
        at: now,
      });
      if (!claimed) return undefined;
      const [figures, auditHead] = await Promise.all([
        weeklyFigures(tx, d.firm, d.week, now),
        chainHead(tx, d.firm.id),
      ]);
      const context: DigestContext = {
        firmName: d.firm.name,
        tz: d.firm.tz,
        ...(late ? { lateSince: d.firedAt } : {}),
        ...(auditHead ? { auditHead } : {}),
      };
      // Held while its chart is drawn; should this process stop first, it goes out without one.
      await enqueue(tx, now, [
        {
          firmId: d.firm.id,
          channelId: d.channelId,
          kind: "digest.weekly",
          dedupeKey,
          view: digestView(figures, context),
          notBefore: new Date(now.getTime() + CHART_WAIT_MS),
        },
      ]);
      return { figures, context };
    });
    if (!won) continue;
    posted.push({ firmId: d.firm.id, week: d.week.label, late });
    // Drawn by the one process that claimed the digest, after the claim's short transaction.
    const chart = await drawChart(deps, won.figures, d.firm.currency);
    await db
      .update(outbox)
      .set({
        ...(chart ? { payload: outboxPayloadOf(digestView(won.figures, { ...won.context, chart })) } : {}),
        nextAttemptAt: now,
      })
      .where(and(eq(outbox.dedupeKey, dedupeKey), eq(outbox.status, "pending"), eq(outbox.attempts, 0)));
  }
  deps.logger?.info({ posted: posted.length }, "digest check");
  return posted;
};

/** The trend chart, or none when it cannot be drawn: the digest goes out either way. */
const drawChart = async (
  deps: JobDeps,
  figures: WeeklyFigures,
  currency: string,
): Promise<ViewImage | undefined> => {
  try {
    const { drawTrendChart } = await import("../figures/trend-chart.js");
    return await drawTrendChart(figures.trend, currency);
  } catch (e) {
    deps.logger?.warn({ err: { type: e instanceof Error ? e.name : typeof e } }, "digest chart not drawn");
    return undefined;
  }
};

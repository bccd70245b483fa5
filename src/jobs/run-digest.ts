import { and, eq } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { channels, firms, jobRuns } from "../../db/schema.js";
import { weekBounds } from "../domain/weeks.js";
import { type WeeklyFigures, weeklyFigures } from "../services/digest-figures.js";
import { type AuditHead, digestView } from "../services/digest-view.js";
import { enqueue } from "../services/outbox.js";
import type { ViewImage } from "../views/view.js";
import { latestFireTime, parseCron } from "./cron-fire-time.js";
import { claimedRuns, runKey } from "./job-claims.js";
import { defaultInstanceId, type JobDeps } from "./job-deps.js";

/** DESIGN.md's default: Monday 08:00 in each firm's zone. */
export const DEFAULT_DIGEST_CRON = "0 8 * * 1";
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
    // Read and drawn before the claim: a finished week's figures are frozen, and the chart takes
    // a moment to draw, which no transaction should wait for.
    const figures = await weeklyFigures(db, d.firm, d.week, now);
    const chart = await drawChart(deps, figures, d.firm.currency);
    const won = await db.transaction(async (tx) => {
      const rows = await tx
        .insert(jobRuns)
        .values({
          job: "digest",
          scope: d.firm.id,
          period: d.week.label,
          claimedBy: deps.instanceId ?? defaultInstanceId(),
          claimedAt: now,
          finishedAt: now,
        })
        .onConflictDoNothing()
        .returning({ job: jobRuns.job });
      if (rows.length === 0) return false;
      const auditHead = await digestAuditHead(tx, d.firm.id);
      const view = digestView(figures, {
        firmName: d.firm.name,
        tz: d.firm.tz,
        ...(late ? { lateSince: d.firedAt } : {}),
        ...(auditHead ? { auditHead } : {}),
        ...(chart ? { chart } : {}),
      });
      await enqueue(tx, now, [
        {
          firmId: d.firm.id,
          channelId: d.channelId,
          kind: "digest.weekly",
          dedupeKey: `digest:${d.firm.id}:${d.week.label}`,
          view,
        },
      ]);
      return true;
    });
    if (won) posted.push({ firmId: d.firm.id, week: d.week.label, late });
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
    // Loaded on the first digest only: the chart's code and font cost ~40 MB (docs/figures.md).
    const { drawTrendChart } = await import("../figures/trend-chart.js");
    return await drawTrendChart(figures.trend, currency);
  } catch (e) {
    deps.logger?.warn({ err: { type: e instanceof Error ? e.name : typeof e } }, "digest chart not drawn");
    return undefined;
  }
};

/**
 * SEAM for the audit hash chain: the head of the firm's chain (its latest event number and hash),
 * read in the digest's transaction. It returns nothing until the chain is installed; the digest
 * then carries no audit line.
 */
const digestAuditHead = async (_db: Executor, _firmId: string): Promise<AuditHead | undefined> => undefined;

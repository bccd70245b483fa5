import { and, eq, inArray } from "drizzle-orm";
import type { Db, Executor } from "../../db/client.js";
import { jobRuns } from "../../db/schema.js";

/**
 * Which (scope, period) runs of a job are already claimed, as "scope|period" keys: a cheap
 * read that skips most of the claims a tick would otherwise attempt (the insert stays the guard).
 */
export const claimedRuns = async (db: Db, job: string, scopes: string[]): Promise<Set<string>> => {
  if (scopes.length === 0) return new Set();
  const rows = await db
    .select({ scope: jobRuns.scope, period: jobRuns.period })
    .from(jobRuns)
    .where(and(eq(jobRuns.job, job), inArray(jobRuns.scope, scopes)));
  return new Set(rows.map((r) => runKey(r.scope, r.period)));
};

export const runKey = (scope: string, period: string): string => `${scope}|${period}`;

/**
 * Claims one run of a job (job, scope, period) in the caller's transaction: true for the one
 * process that wins, false for every other replica or restart. The primary key is the guard.
 */
export const claimJobRun = async (
  tx: Executor,
  run: { job: string; scope: string; period: string; claimedBy: string; at: Date },
): Promise<boolean> => {
  const rows = await tx
    .insert(jobRuns)
    .values({
      job: run.job,
      scope: run.scope,
      period: run.period,
      claimedBy: run.claimedBy,
      claimedAt: run.at,
      finishedAt: run.at,
    })
    .onConflictDoNothing()
    .returning({ job: jobRuns.job });
  return rows.length > 0;
};

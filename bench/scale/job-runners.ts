import { eq } from "drizzle-orm";
import { type Firm, firms } from "../../db/schema.js";
import { weekBounds } from "../../src/domain/weeks.js";
import { alertCandidates } from "../../src/jobs/alert-candidates.js";
import { runAlerts } from "../../src/jobs/run-alerts.js";
import { weeklyFigures } from "../../src/services/digest-figures.js";
import type { CaptureDb } from "./capture-db.js";

/*
 * The scheduled jobs as the jobs engineer wrote them (src/jobs/): the bench calls the real
 * functions, so a change to their queries shows up here.
 */

export const loadFirm = async (capture: CaptureDb, id: string): Promise<Firm> => {
  const [firm] = await capture.db.select().from(firms).where(eq(firms.id, id)).limit(1);
  if (!firm) throw new Error(`seeded firm ${id} is missing`);
  return firm;
};

/**
 * The alert tick's reads alone (the watermark, what fell due since, what waits for review): no
 * claims, no writes.
 */
export const alertTickReads = async (capture: CaptureDb, now: Date): Promise<number> => {
  const { near, reviews } = await alertCandidates(capture.db, now);
  return near.length + reviews.length;
};

/** A whole alert tick: reads, ledger check, claims and outbox rows for what is new. */
export const alertTick = (capture: CaptureDb, now: Date) => runAlerts({ db: capture.db }, now);

/** The figures of last week's digest for a firm (read-only: runDigest's claim and post are not timed). */
export const digestFigures = (capture: CaptureDb, firm: Firm, now: Date) =>
  weeklyFigures(capture.db, firm, weekBounds({ kind: "last" }, now, firm.tz), now);

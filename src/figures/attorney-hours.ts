import { and, eq, isNotNull, or } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { attorneyWeekHours, people } from "../../db/schema.js";
import type { WeekBounds } from "../domain/weeks.js";

export interface AttorneyHours {
  minutes: number;
  attorneys: number;
}

/** One shift's length; a shift crossing midnight (21:00-06:00) runs into the next day. */
const shiftMinutes = (p: { workStart: number; workEnd: number }): number =>
  p.workEnd > p.workStart ? p.workEnd - p.workStart : 1440 - p.workStart + p.workEnd;

/**
 * The attorneys' scheduled working time in a week: every active attorney, and every active admin
 * with a billing rate of their own (a managing partner who practises), their shift times their
 * working days. Holidays are not taken off: it is the week people are scheduled for.
 */
const scheduledNow = async (db: Executor, firmId: string): Promise<AttorneyHours> => {
  const rows = await db
    .select({ workStart: people.workStart, workEnd: people.workEnd, workDays: people.workDays })
    .from(people)
    .where(
      and(
        eq(people.firmId, firmId),
        eq(people.active, true),
        or(eq(people.role, "attorney"), and(eq(people.role, "admin"), isNotNull(people.rate))),
      ),
    );
  return {
    minutes: rows.reduce((sum, p) => sum + shiftMinutes(p) * p.workDays.length, 0),
    attorneys: rows.length,
  };
};

/**
 * The attorneys' working time of `week`. A finished week's is recorded the first time it is
 * reported and read back ever after, so the share shown in its digest stays what was posted; the
 * current week's is the schedule as it stands.
 */
export const attorneyHoursOf = async (
  db: Executor,
  firmId: string,
  week: WeekBounds,
  now: Date,
): Promise<AttorneyHours> => {
  if (week.end.getTime() > now.getTime()) return scheduledNow(db, firmId);
  const recorded = async () =>
    (
      await db
        .select({ minutes: attorneyWeekHours.minutes, attorneys: attorneyWeekHours.attorneys })
        .from(attorneyWeekHours)
        .where(and(eq(attorneyWeekHours.firmId, firmId), eq(attorneyWeekHours.weekStart, week.start)))
    )[0];
  const found = await recorded();
  if (found) return found;
  const scheduled = await scheduledNow(db, firmId);
  await db
    .insert(attorneyWeekHours)
    .values({ firmId, weekStart: week.start, ...scheduled, recordedAt: now })
    .onConflictDoNothing();
  // Another reader may have recorded it first: theirs stands.
  return (await recorded()) ?? scheduled;
};

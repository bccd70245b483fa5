import { and, eq, gte, isNull, lte, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Db } from "../../db/client.js";
import { firms, matterStaff, people } from "../../db/schema.js";
import { dayLabel, ndaLapseInstant } from "../domain/access.js";
import { formatLocal } from "../domain/local-time-format.js";
import { openWorkLines, openWorkOf } from "../services/open-work.js";
import { enqueue, type Notification } from "../services/outbox.js";
import { endGrants } from "../services/staffing.js";
import type { View } from "../views/view.js";
import { adminsOf } from "./alert-candidates.js";
import { ndaExpiringView } from "./alert-messages.js";
import { claimedRuns, claimJobRun, runKey } from "./job-claims.js";
import { defaultInstanceId, type JobDeps } from "./job-deps.js";

/*
 * NDAs (docs/access.md). An NDA is in force through its expiry date; at the next midnight of the
 * firm's zone its holder is shut out (src/services/actor.ts). The alert tick here:
 * - warns admins 30 days ahead (once per professional and expiry date);
 * - on the expiry date (or the first tick after it, within 30 days) tells admins once, with the
 *   professional's open tasks and the command to reassign each;
 * - ends the grants of professionals whose NDA has lapsed, stamped with the lapse instant.
 */

/** NDAs are reminded about this many days ahead. */
const NDA_NOTICE_DAYS = 30;
/** An expiry the tick missed (the process was down) is still announced this many days later. */
const NDA_EXPIRED_LOOKBACK_DAYS = 30;

export interface NdaRunResult {
  alerts: number;
  notifications: number;
}

interface Professional {
  id: string;
  firmId: string;
  displayName: string;
  expires: string;
  firmTz: string;
  daysLeft: number;
}

/** Active professionals whose NDA expiry is within the windows, with days left in the firm's calendar. */
const ndasAround = async (db: Db, now: Date): Promise<Professional[]> => {
  const day = 86_400_000;
  const rows = await db
    .select({
      id: people.id,
      firmId: people.firmId,
      displayName: people.displayName,
      ndaExpires: people.ndaExpires,
      firmTz: firms.tz,
    })
    .from(people)
    .innerJoin(firms, eq(firms.id, people.firmId))
    .where(
      and(
        eq(people.role, "professional"),
        eq(people.active, true),
        gte(
          people.ndaExpires,
          new Date(now.getTime() - (NDA_EXPIRED_LOOKBACK_DAYS + 2) * day).toISOString().slice(0, 10),
        ),
        lte(
          people.ndaExpires,
          new Date(now.getTime() + (NDA_NOTICE_DAYS + 2) * day).toISOString().slice(0, 10),
        ),
      ),
    );
  return rows.flatMap((p) => {
    if (!p.ndaExpires) return [];
    const today = DateTime.fromJSDate(now, { zone: p.firmTz }).startOf("day");
    const daysLeft = Math.round(DateTime.fromISO(p.ndaExpires, { zone: p.firmTz }).diff(today, "days").days);
    return [{ ...p, expires: p.ndaExpires, daysLeft }];
  });
};

/** Claims (job, person, expiry) and queues its messages in one transaction; false when already claimed. */
const claimAndQueue = async (
  deps: JobDeps,
  now: Date,
  job: string,
  p: Professional,
  build: () => Promise<Notification[]>,
): Promise<number | undefined> => {
  const notifications = await build();
  return deps.db.transaction(async (tx) => {
    const claimed = await claimJobRun(tx, {
      job,
      scope: p.id,
      period: p.expires,
      claimedBy: deps.instanceId ?? defaultInstanceId(),
      at: now,
    });
    if (!claimed) return undefined;
    await enqueue(tx, now, notifications);
    return notifications.length;
  });
};

/** To admins, on the day an NDA expires (or after): what the professional still holds, and what to do. */
const ndaExpiredView = async (deps: JobDeps, p: Professional, adminTz: string): Promise<View> => {
  const work = await openWorkOf(deps.db, p.id);
  const lapse = ndaLapseInstant(p.expires, p.firmTz);
  const today = p.daysLeft === 0;
  return {
    tone: "warning",
    title: `NDA ${today ? "expires today" : "expired"}: ${p.displayName}`,
    lines: [
      today
        ? `${p.displayName}'s NDA with the firm expires today (${dayLabel(p.expires)}). From midnight they can see and do nothing in Delegate, their access to matters ends, and nothing carrying task text reaches them.`
        : `${p.displayName}'s NDA with the firm expired on ${dayLabel(p.expires)}. Since ${formatLocal(lapse, adminTz)} they can see and do nothing in Delegate, and their access to matters has ended.`,
      ...(work.length > 0
        ? openWorkLines(p.id, p.displayName, work, adminTz)
        : [`${p.displayName} holds no open work.`]),
      `To record a renewal: team set @${p.displayName} nda-expires:YYYY-MM-DD (then staff them again where needed: matter staff M-… @${p.displayName}).`,
    ],
    audience: "private",
  };
};

export const runNdaAlerts = async (deps: JobDeps, now: Date): Promise<NdaRunResult> => {
  const result: NdaRunResult = { alerts: 0, notifications: 0 };
  const around = await ndasAround(deps.db, now);
  const expiring = around.filter((p) => p.daysLeft >= 1 && p.daysLeft <= NDA_NOTICE_DAYS);
  const expired = around.filter((p) => p.daysLeft <= 0 && p.daysLeft >= -NDA_EXPIRED_LOOKBACK_DAYS);
  const [warned, told] = await Promise.all([
    claimedRuns(
      deps.db,
      "nda_expiring",
      expiring.map((p) => p.id),
    ),
    claimedRuns(
      deps.db,
      "nda_expired",
      expired.map((p) => p.id),
    ),
  ]);
  const due = [
    ...expiring.filter((p) => !warned.has(runKey(p.id, p.expires))).map((p) => ({ p, job: "nda_expiring" })),
    ...expired.filter((p) => !told.has(runKey(p.id, p.expires))).map((p) => ({ p, job: "nda_expired" })),
  ];
  if (due.length === 0) return result;
  const admins = await adminsOf(
    deps.db,
    due.map((d) => d.p.firmId),
  );
  for (const { p, job } of due) {
    const to = admins.filter((a) => a.firmId === p.firmId);
    const queued = await claimAndQueue(deps, now, job, p, () =>
      Promise.all(
        to.map(async (admin) => ({
          firmId: p.firmId,
          personId: admin.id,
          kind: `alert.${job}`,
          dedupeKey: `${job === "nda_expiring" ? "nda" : job}:${p.id}:${p.expires}:${admin.id}`,
          view:
            job === "nda_expiring"
              ? ndaExpiringView(p.displayName, p.expires, p.daysLeft)
              : await ndaExpiredView(deps, p, admin.tz),
        })),
      ),
    );
    if (queued !== undefined) {
      result.alerts += 1;
      result.notifications += queued;
    }
  }
  return result;
};

/**
 * Ends the grants of professionals whose NDA has lapsed, as of the lapse (the next midnight after
 * the expiry date in the firm's zone). Access was already refused from that instant by the
 * speaker check; this makes the grant history say so. Idempotent: only current grants are ended.
 */
export const endLapsedNdaGrants = async (deps: JobDeps, now: Date): Promise<number> => {
  const lapsed = await deps.db
    .selectDistinct({ id: people.id, firmId: people.firmId, expires: people.ndaExpires, tz: firms.tz })
    .from(matterStaff)
    .innerJoin(people, eq(people.id, matterStaff.personId))
    .innerJoin(firms, eq(firms.id, people.firmId))
    .where(
      and(
        isNull(matterStaff.removedAt),
        eq(people.role, "professional"),
        sql`${people.ndaExpires} < (${now.toISOString()}::timestamptz at time zone ${firms.tz})::date`,
      ),
    );
  let ended = 0;
  for (const p of lapsed) {
    if (!p.expires) continue;
    const expires = p.expires;
    ended += (
      await deps.db.transaction((tx) =>
        endGrants(tx, {
          firmId: p.firmId,
          personId: p.id,
          reason: "nda_expired",
          at: ndaLapseInstant(expires, p.tz),
          by: null,
          recordedAt: now,
        }),
      )
    ).length;
  }
  return ended;
};

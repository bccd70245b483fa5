import { and, eq, gt, inArray, isNull, lte, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "../../db/client.js";
import { preparedPerHandle } from "../../db/prepared.js";
import { coverPeriods, people } from "../../db/schema.js";
import { isAttorney } from "../domain/policy.js";
import type { PersonSummary, TaskDetails } from "../views/task-view.js";
import type { Actor } from "./actor.js";

/*
 * Covering attorneys (`away @raj until:… cover:@kim`): while a cover period runs, kim decides
 * raj's tasks and gets his review notices. A period runs from its start to the first instant raj
 * is back (ends_at), unless `away @raj off` ended it earlier (ended_at). See docs/supervision.md.
 */

const running = (now: Date) =>
  and(lte(coverPeriods.startsAt, now), gt(coverPeriods.endsAt, now), isNull(coverPeriods.endedAt));

/** Every `show` by an attorney asks it: prepared once per database handle (docs/performance.md). */
const coveringQuery = preparedPerHandle((db) => {
  const now = sql.placeholder("now");
  return db
    .select({ personId: coverPeriods.personId })
    .from(coverPeriods)
    .where(
      and(
        eq(coverPeriods.firmId, sql.placeholder("firmId")),
        eq(coverPeriods.coverId, sql.placeholder("me")),
        lte(coverPeriods.startsAt, now),
        gt(coverPeriods.endsAt, now),
        isNull(coverPeriods.endedAt),
      ),
    )
    .prepare("covering_for");
});

/** The people `actor` covers for at `now` (none for professionals, who never cover). */
export const coveringFor = async (db: Executor, actor: Actor, now: Date): Promise<string[]> => {
  if (!isAttorney(actor.person)) return [];
  const rows = await coveringQuery(db).execute({
    firmId: actor.firm.id,
    me: actor.person.id,
    // A placeholder skips the column's encoder: the instant goes as text, read as timestamptz.
    now: now.toISOString(),
  });
  return rows.map((r) => r.personId);
};

export interface ActiveCover {
  /** The person who is away. */
  awayId: string;
  cover: PersonSummary;
  /** The first instant the away person is back. */
  endsAt: Date;
}

const cover = alias(people, "cover");

/** Who covers for each of `personIds` at `now` (only those who are away), by away person. */
export const activeCovers = async (
  db: Executor,
  personIds: readonly string[],
  now: Date,
): Promise<Map<string, ActiveCover>> => {
  if (personIds.length === 0) return new Map();
  const rows = await db
    .select({
      awayId: coverPeriods.personId,
      endsAt: coverPeriods.endsAt,
      cover: {
        id: cover.id,
        displayName: cover.displayName,
        tz: cover.tz,
        role: cover.role,
        active: cover.active,
        workStart: cover.workStart,
        workEnd: cover.workEnd,
        workDays: cover.workDays,
      },
    })
    .from(coverPeriods)
    .innerJoin(cover, eq(cover.id, coverPeriods.coverId))
    .where(
      and(inArray(coverPeriods.personId, [...new Set(personIds)]), running(now), eq(cover.active, true)),
    );
  return new Map(rows.map((r) => [r.awayId, r]));
};

/** Who covers for `personId` at `now`, if they are away. */
export const activeCover = async (
  db: Executor,
  personId: string,
  now: Date,
): Promise<ActiveCover | undefined> => (await activeCovers(db, [personId], now)).get(personId);

/** Audit detail of a decision made as someone's cover: whom it was made for. */
export const coverDetail = (covered: string | undefined): { coveredFor?: string } =>
  covered ? { coveredFor: covered } : {};

/** "kim (covering for raj)", or just "kim" when she decides for herself. */
export const byWhom = (
  actor: Actor,
  d: Pick<TaskDetails, "supervisor">,
  covered: string | undefined,
): string =>
  covered
    ? `${actor.person.displayName} (covering for ${d.supervisor.displayName})`
    : actor.person.displayName;

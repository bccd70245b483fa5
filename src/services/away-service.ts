import { and, asc, eq, gt, isNull } from "drizzle-orm";
import { DateTime } from "luxon";
import { coverPeriods, tasks } from "../../db/schema.js";
import type { Command } from "../domain/command.js";
import { formatLocal } from "../domain/due-time.js";
import { DelegateError } from "../domain/errors.js";
import { isAttorney } from "../domain/policy.js";
import { dateLabel, taskLine } from "../views/task-view.js";
import { infoView, type View } from "../views/view.js";
import { type Actor, findPerson } from "./actor.js";
import type { Deps } from "./deps.js";
import { enqueue, type Notification } from "./outbox.js";
import { recordAudit } from "./record-audit.js";
import { selectTaskDetails } from "./task-loader.js";

type Away = Extract<Command, { name: "away" }>;

/** Absences longer than this are a typo (or a job for reassign). */
const MAX_AWAY_DAYS = 366;

/**
 * `away @raj until:2026-12-18 cover:@kim` (said by raj or an admin): until the end of that day
 * in raj's zone, kim may approve, request changes, reassign, change due times and cancel raj's
 * tasks, and gets his review notices. A new `away` for raj replaces the one running;
 * `away @raj off` ends it now. Notices queued for raj before stay his (he reads them when back);
 * kim gets a list of what waits for review now. See docs/supervision.md.
 */
export const awayCommand = async (deps: Deps, actor: Actor, cmd: Away): Promise<View> => {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const away = await findPerson(tx, actor, cmd.user);
    if (away.id !== actor.person.id && actor.person.role !== "admin") {
      throw new DelegateError(
        "forbidden",
        `Only ${away.displayName} or an admin can say that ${away.displayName} is away.`,
      );
    }
    const running = and(
      eq(coverPeriods.firmId, actor.firm.id),
      eq(coverPeriods.personId, away.id),
      isNull(coverPeriods.endedAt),
      gt(coverPeriods.endsAt, now),
    );
    if ("off" in cmd) {
      const ended = await tx.update(coverPeriods).set({ endedAt: now }).where(running).returning();
      if (ended.length === 0)
        throw new DelegateError("invalid", `${away.displayName} is not recorded as away.`);
      await recordAudit(tx, {
        firmId: actor.firm.id,
        at: now,
        actorId: actor.person.id,
        subjectId: away.id,
        action: "person.back",
      });
      await enqueue(
        tx,
        now,
        ended.map((p) => ({
          firmId: actor.firm.id,
          personId: p.coverId,
          kind: "cover.ended",
          dedupeKey: `cover:${p.id}:ended`,
          view: infoView([`${away.displayName} is back: their tasks are theirs to decide again.`]),
        })),
      );
      return infoView([`${away.displayName} is back; nobody covers for them any more.`], { tone: "success" });
    }

    if (!isAttorney(away)) {
      throw new DelegateError(
        "invalid",
        `${away.displayName} supervises no work: a cover stands in for a supervising attorney, so only attorneys and admins can be away with a cover.`,
      );
    }
    const cover = await findPerson(tx, actor, cmd.cover);
    if (cover.id === away.id)
      throw new DelegateError(
        "invalid",
        `${away.displayName} cannot cover for themselves: name another attorney.`,
      );
    if (!isAttorney(cover) || !cover.active) {
      throw new DelegateError(
        "invalid",
        `${cover.displayName} cannot cover: a cover decides on work, so it must be an active attorney or admin.`,
      );
    }
    const today = DateTime.fromJSDate(now, { zone: away.tz }).startOf("day");
    const until = DateTime.fromISO(cmd.until, { zone: away.tz });
    if (until < today)
      throw new DelegateError("invalid", `until:${cmd.until} has passed; give the last day away.`);
    if (until.diff(today, "days").days > MAX_AWAY_DAYS) {
      throw new DelegateError(
        "invalid",
        `until:${cmd.until} is more than a year away; reassign the work instead.`,
      );
    }
    const endsAt = until.plus({ days: 1 }).toJSDate();
    // A new absence replaces the one running.
    await tx.update(coverPeriods).set({ endedAt: now }).where(running);
    const [period] = await tx
      .insert(coverPeriods)
      .values({
        firmId: actor.firm.id,
        personId: away.id,
        coverId: cover.id,
        startsAt: now,
        endsAt,
        createdBy: actor.person.id,
        createdAt: now,
      })
      .returning();
    if (!period) throw new Error("insert returned no cover period");
    await recordAudit(tx, {
      firmId: actor.firm.id,
      at: now,
      actorId: actor.person.id,
      subjectId: away.id,
      action: "person.away",
      detail: { until: cmd.until, coveredBy: cover.id },
    });
    const waiting = await selectTaskDetails(
      tx,
      and(eq(tasks.firmId, actor.firm.id), eq(tasks.supervisorId, away.id), eq(tasks.status, "submitted")),
    ).orderBy(asc(tasks.dueAt));
    const back = (tz: string) => formatLocal(endsAt, tz);
    const notices: Notification[] = [
      {
        firmId: actor.firm.id,
        personId: cover.id,
        kind: "cover.started",
        dedupeKey: `cover:${period.id}:started`,
        view: {
          tone: "info",
          title: `You cover for ${away.displayName}`,
          lines: [
            `${away.displayName} is away until the end of ${dateLabel(cmd.until)} (back ${back(cover.tz)}). Meanwhile you may approve, request changes, reassign, change due times and cancel their tasks, and their review notices come to you.`,
            waiting.length === 0 ? "Nothing of theirs waits for review now." : "Waiting for review now:",
          ],
          items: waiting.map((d) => ({ text: taskLine(d, cover.tz, now), task: d.task.number })),
          audience: "private",
        },
      },
    ];
    if (away.id !== actor.person.id) {
      notices.push({
        firmId: actor.firm.id,
        personId: away.id,
        kind: "cover.started",
        dedupeKey: `cover:${period.id}:away`,
        view: infoView([
          `${actor.person.displayName} recorded you as away until the end of ${dateLabel(cmd.until)}: ${cover.displayName} decides your tasks until you are back (${back(away.tz)}). To end it sooner: away @${away.displayName} off`,
        ]),
      });
    }
    await enqueue(tx, now, notices);
    return infoView(
      [
        `${cover.displayName} covers for ${away.displayName} until the end of ${dateLabel(cmd.until)} (${away.displayName}'s time; back ${back(actor.person.tz)}).`,
        waiting.length === 0
          ? `Nothing of ${away.displayName}'s waits for review now.`
          : `${waiting.length} of ${away.displayName}'s tasks ${waiting.length === 1 ? "waits" : "wait"} for review; ${cover.displayName} has the list.`,
      ],
      { tone: "success" },
    );
  });
};

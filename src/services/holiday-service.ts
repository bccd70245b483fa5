import { and, asc, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Executor } from "../../db/client.js";
import { type Firm, firmHolidays as firmHolidayRows } from "../../db/schema.js";
import type { Command } from "../domain/command.js";
import { type CourtClosures, courtClosures } from "../domain/court-days.js";
import { DelegateError } from "../domain/errors.js";
import { requireRole } from "../domain/policy.js";
import { usFederalHolidays } from "../domain/us-federal-holidays.js";
import { dateLabel } from "../views/task-view.js";
import type { View } from "../views/view.js";
import type { Actor } from "./actor.js";
import type { Deps } from "./deps.js";
import { recordAudit } from "./record-audit.js";

type HolidayAdd = Extract<Command, { name: "holiday add" }>;
type HolidayRemove = Extract<Command, { name: "holiday remove" }>;

/** The days a firm's courts are closed: its calendar (`holidays:`) and its own `holiday add` days. */
export const firmCalendar = async (
  db: Executor,
  firm: Pick<Firm, "id" | "holidayCalendar">,
): Promise<CourtClosures> => {
  const own = await db
    .select({ day: firmHolidayRows.day })
    .from(firmHolidayRows)
    .where(eq(firmHolidayRows.firmId, firm.id));
  return courtClosures(
    firm.holidayCalendar,
    own.map((r) => r.day),
  );
};

const weekendName = (date: string): string | undefined => {
  const d = DateTime.fromISO(date, { zone: "utc" });
  return d.weekday >= 6 ? d.toFormat("cccc") : undefined;
};

export const holidayAdd = async (deps: Deps, actor: Actor, cmd: HolidayAdd): Promise<View> => {
  requireRole(actor.person, ["admin"], "change the firm's court holidays");
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [added] = await tx
      .insert(firmHolidayRows)
      .values({
        firmId: actor.firm.id,
        day: cmd.date,
        name: cmd.label ?? null,
        addedBy: actor.person.id,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!added)
      throw new DelegateError("conflict", `${dateLabel(cmd.date)} is already one of the firm's holidays.`);
    await recordAudit(tx, {
      firmId: actor.firm.id,
      at: now,
      actorId: actor.person.id,
      action: "firm.holiday_added",
      detail: { day: cmd.date },
    });
    const weekend = weekendName(cmd.date);
    return {
      tone: weekend ? "warning" : "success",
      lines: [
        `${dateLabel(cmd.date)} is now a firm holiday: court-day deadlines skip it.`,
        ...(weekend ? [`Note: it is a ${weekend}, which is never a court day anyway.`] : []),
        "Due times already set from a court deadline stay as they are; change one with due T-n.",
      ],
      audience: "private",
    };
  });
};

export const holidayRemove = async (deps: Deps, actor: Actor, cmd: HolidayRemove): Promise<View> => {
  requireRole(actor.person, ["admin"], "change the firm's court holidays");
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(firmHolidayRows)
      .where(and(eq(firmHolidayRows.firmId, actor.firm.id), eq(firmHolidayRows.day, cmd.date)))
      .returning();
    if (!removed) {
      const year = Number(cmd.date.slice(0, 4));
      const federal =
        actor.firm.holidayCalendar === "us-federal"
          ? usFederalHolidays(year).find((h) => h.date === cmd.date)
          : undefined;
      throw new DelegateError(
        "not_found",
        federal
          ? `${dateLabel(cmd.date)} is a US federal holiday (${federal.name}), not one added with holiday add. To count federal holidays as court days: firm set holidays:none`
          : `${dateLabel(cmd.date)} is not one of the firm's holidays. See them with: holiday list`,
      );
    }
    await recordAudit(tx, {
      firmId: actor.firm.id,
      at: now,
      actorId: actor.person.id,
      action: "firm.holiday_removed",
      detail: { day: cmd.date },
    });
    return {
      tone: "success",
      lines: [`${dateLabel(cmd.date)} is no longer a firm holiday.`],
      audience: "private",
    };
  });
};

/** The firm's own closures from today on, and the federal holidays of the next twelve months. */
export const holidayList = async (deps: Deps, actor: Actor): Promise<View> => {
  const today = DateTime.fromJSDate(deps.clock.now(), { zone: actor.firm.tz }).startOf("day");
  const from = today.toISODate() ?? "";
  const until = today.plus({ years: 1 }).toISODate() ?? "";
  const own = (
    await deps.db
      .select({ day: firmHolidayRows.day, name: firmHolidayRows.name })
      .from(firmHolidayRows)
      .where(eq(firmHolidayRows.firmId, actor.firm.id))
      .orderBy(asc(firmHolidayRows.day))
  ).filter((r) => r.day >= from);
  const federal =
    actor.firm.holidayCalendar === "us-federal"
      ? [...usFederalHolidays(today.year), ...usFederalHolidays(today.year + 1)].filter(
          (h) => h.date >= from && h.date < until,
        )
      : [];
  const items = [
    ...own.map((r) => ({
      date: r.day,
      text: `${dateLabel(r.day)} · ${r.name ?? "firm holiday"} (added with holiday add)`,
    })),
    ...federal.map((h) => ({ date: h.date, text: `${dateLabel(h.date)} · ${h.name} (US federal)` })),
  ].sort((a, b) => a.date.localeCompare(b.date));
  return {
    tone: "info",
    title: "Court holidays (besides Saturdays and Sundays)",
    lines: [
      ...(items.length === 0 ? ["None from today on."] : []),
      actor.firm.holidayCalendar === "us-federal"
        ? "US federal holidays are counted (firm set holidays:none turns them off)."
        : "US federal holidays are not counted (firm set holidays:us-federal turns them on).",
    ],
    items: items.map((i) => ({ text: i.text })),
    audience: "private",
  };
};

import type { Executor } from "../../db/client.js";
import type { Firm } from "../../db/schema.js";
import { type PeriodFigures, periodFigures } from "../domain/figures.js";
import type { WeekBounds } from "../domain/weeks.js";
import type { View } from "../views/view.js";
import { attorneyHoursOf } from "./attorney-hours.js";
import { attorneyItem, flagLines, moneyLine, providerItem, recoveredLine } from "./figure-words.js";
import { frozenTasks } from "./frozen-tasks.js";

/** A week's figures as frozen at approval: what `hours` shows and the digest posts. */
export interface WeekReport {
  week: WeekBounds;
  figures: PeriodFigures;
  /** The attorneys' scheduled working minutes that week. */
  attorneyMinutes: number;
  /** The firm's currency now: only for the zeros of a week with nothing approved. */
  currency: string;
}

export const weekReport = async (
  db: Executor,
  firm: Firm,
  week: WeekBounds,
  now: Date,
): Promise<WeekReport> => {
  const tasks = await frozenTasks(db, { firmId: firm.id, from: week.start, to: week.end });
  const attorneys = await attorneyHoursOf(db, firm.id, week, now);
  return { week, figures: periodFigures(tasks), attorneyMinutes: attorneys.minutes, currency: firm.currency };
};

/**
 * `hours`: the firm's line, its money, what to check, then one row per attorney and per provider.
 * The digest starts with exactly these lines and rows, so the two never disagree.
 */
export const hoursView = (r: WeekReport): View => {
  const f = r.figures;
  return {
    tone: "info",
    title: `Attorney hours recovered, ${r.week.label}`,
    lines:
      f.firm.tasks === 0
        ? ["No task was approved that week."]
        : [recoveredLine(f.firm, r.attorneyMinutes), moneyLine(f.firm, r.currency), ...flagLines(f.flags)],
    items: [
      ...f.byAttorney.map((a) => ({ text: attorneyItem(a, r.currency) })),
      ...f.byProvider.map((p) => ({ text: providerItem(p, r.currency) })),
    ],
    audience: "private",
  };
};

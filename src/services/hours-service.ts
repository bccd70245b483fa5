import { and, eq, gte, lt } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "../../db/client.js";
import { type Firm, people, tasks } from "../../db/schema.js";
import type { Command } from "../commands/command.js";
import { requireRole } from "../domain/policy.js";
import { type RecoveredHours, recoveredHours } from "../domain/recovered-hours.js";
import { type WeekBounds, weekBounds } from "../domain/weeks.js";
import type { View } from "../views/view.js";
import type { Actor } from "./actor.js";
import type { Deps } from "./deps.js";

type Hours = Extract<Command, { name: "hours" }>;

const supervisor = alias(people, "supervisor");
const assignee = alias(people, "assignee");

/** Recovered hours of the tasks approved in [start, end) — also the figures behind the digest. */
export const hoursForPeriod = async (
  db: Executor,
  firm: Firm,
  start: Date,
  end: Date,
): Promise<RecoveredHours> => {
  const rows = await db
    .select({
      category: tasks.category,
      estMinutes: tasks.estMinutes,
      spentMinutes: tasks.spentMinutes,
      supervisorId: tasks.supervisorId,
      supervisorName: supervisor.displayName,
      supervisorRate: supervisor.rate,
      assigneeCostRate: assignee.costRate,
    })
    .from(tasks)
    .innerJoin(supervisor, eq(supervisor.id, tasks.supervisorId))
    .innerJoin(assignee, eq(assignee.id, tasks.assigneeId))
    .where(
      and(
        eq(tasks.firmId, firm.id),
        eq(tasks.status, "approved"),
        gte(tasks.approvedAt, start),
        lt(tasks.approvedAt, end),
      ),
    );
  return recoveredHours(rows, firm);
};

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

const money = (n: number): string =>
  n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const hoursView = (week: WeekBounds, h: RecoveredHours): View => ({
  tone: "info",
  title: `Attorney hours recovered, ${week.label}`,
  lines:
    h.firm.tasks === 0
      ? ["No task was approved that week."]
      : [
          `Firm: ${h.firm.hours} h recovered over ${plural(h.firm.tasks, "approved task")} · value ${money(h.firm.value)} · cost ${money(h.firm.cost)} · net ${money(h.firm.net)}`,
        ],
  items: h.byAttorney.map((a) => ({
    text: `${a.name}: ${a.hours} h · ${plural(a.tasks, "task")} · value ${money(a.value)} · cost ${money(a.cost)} · net ${money(a.net)}`,
  })),
  audience: "private",
});

export const hoursCommand = async (deps: Deps, actor: Actor, cmd: Hours): Promise<View> => {
  requireRole(actor.person, ["admin", "attorney"], "see recovered hours");
  const week = weekBounds(cmd.week, deps.clock.now(), actor.firm.tz);
  return hoursView(week, await hoursForPeriod(deps.db, actor.firm, week.start, week.end));
};

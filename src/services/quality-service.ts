import { eq, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { approvedFigures } from "../../db/schema.js";
import type { Command } from "../domain/command.js";
import { type FrozenTask, periodFigures } from "../domain/figures.js";
import { requireRole } from "../domain/policy.js";
import { plural, ratio, span } from "../figures/figure-words.js";
import { frozenTasks } from "../figures/frozen-tasks.js";
import type { View, ViewItem } from "../views/view.js";
import { type Actor, findPerson } from "./actor.js";
import type { Deps } from "./deps.js";

type Quality = Extract<Command, { name: "quality" }>;

/** Without since:, quality looks back this many days. */
export const QUALITY_DEFAULT_DAYS = 90;

/** The quality of a set of approved work, in four lines a partner reads. */
const qualityLines = (tasks: FrozenTask[]): string[] => {
  const f = periodFigures(tasks);
  const rounds = f.reworkByReason.reduce((s, r) => s + r.count, 0);
  return [
    `Tasks approved: ${f.firm.tasks} · first-pass approval: ${ratio(f.firm.firstPass, f.firm.tasks)}`,
    rounds === 0
      ? "Rework: none"
      : `Rework: ${plural(rounds, "round")} sent back (${f.reworkByReason.map((r) => `${r.reason.replace(/_/g, " ")} ${r.count}`).join(" · ")})`,
    `On time against the committed due time: ${ratio(f.firm.onTime, f.firm.tasks)} · median turnaround, assignment to approval: ${
      f.medianTurnaroundHours === undefined ? "n/a" : span(f.medianTurnaroundHours)
    }`,
  ];
};

/** One row per group: "Acme LPO: 3 approved · first pass 2 of 3 (67%) · rework 1 · on time … · median …". */
const groupItems = (tasks: FrozenTask[], keyOf: (t: FrozenTask) => string): ViewItem[] => {
  const groups = new Map<string, FrozenTask[]>();
  for (const t of tasks) groups.set(keyOf(t), [...(groups.get(keyOf(t)) ?? []), t]);
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, group]) => {
      const f = periodFigures(group);
      const rounds = f.reworkByReason.reduce((s, r) => s + r.count, 0);
      return {
        text: `${key}: ${f.firm.tasks} approved · first pass ${ratio(f.firm.firstPass, f.firm.tasks)} · ${plural(rounds, "rework round")} · on time ${ratio(f.firm.onTime, f.firm.tasks)} · median turnaround ${
          f.medianTurnaroundHours === undefined ? "n/a" : span(f.medianTurnaroundHours)
        }`,
      };
    });
};

const providerOf = (t: FrozenTask): string => `Provider ${t.assigneeProvider ?? "none on file"}`;
const professionalOf = (t: FrozenTask): string => t.assigneeName;

/**
 * `quality [@user | provider:"…"] [since:]`: approved work's first-pass rate, rework by reason,
 * on-time rate against the committed due time and median turnaround — for the firm (with a row
 * per provider and per professional), a provider (a row per professional), a professional (their
 * work) or an attorney (the work they supervised). Everything as frozen at approval.
 */
export const qualityCommand = async (deps: Deps, actor: Actor, cmd: Quality): Promise<View> => {
  requireRole(actor.person, ["admin", "attorney"], "see quality figures");
  const today = DateTime.fromJSDate(deps.clock.now(), { zone: actor.firm.tz }).startOf("day");
  const since = cmd.since
    ? DateTime.fromISO(cmd.since, { zone: actor.firm.tz })
    : today.minus({ days: QUALITY_DEFAULT_DAYS });
  const from = since.toJSDate();
  const sinceWords = `since ${since.toISODate()}${cmd.since ? "" : ` (the last ${QUALITY_DEFAULT_DAYS} days; since:YYYY-MM-DD for another start)`}`;
  const base = { firmId: actor.firm.id, from };

  if (cmd.user) {
    const person = await findPerson(deps.db, actor, cmd.user);
    const supervised = person.role !== "professional";
    const tasks = await frozenTasks(deps.db, {
      ...base,
      where: eq(supervised ? approvedFigures.supervisorId : approvedFigures.assigneeId, person.id),
    });
    return {
      tone: "info",
      title: `Quality ${sinceWords}: ${person.displayName}${supervised ? ", work they supervised" : ""}`,
      lines: tasks.length === 0 ? ["No approved work in that time."] : qualityLines(tasks),
      ...(supervised && tasks.length > 0 ? { items: groupItems(tasks, professionalOf) } : {}),
      audience: "private",
    };
  }
  if (cmd.provider) {
    const tasks = await frozenTasks(deps.db, {
      ...base,
      where: sql`lower(${approvedFigures.assigneeProvider}) = ${cmd.provider.toLowerCase()}`,
    });
    const name = tasks[0]?.assigneeProvider ?? cmd.provider;
    return {
      tone: "info",
      title: `Quality ${sinceWords}: ${name}`,
      lines:
        tasks.length === 0
          ? [
              `No approved work from a provider called "${cmd.provider}" in that time. team list shows providers.`,
            ]
          : qualityLines(tasks),
      ...(tasks.length > 0 ? { items: groupItems(tasks, professionalOf) } : {}),
      audience: "private",
    };
  }
  const tasks = await frozenTasks(deps.db, base);
  return {
    tone: "info",
    title: `Quality ${sinceWords}: the firm`,
    lines: tasks.length === 0 ? ["No approved work in that time."] : qualityLines(tasks),
    ...(tasks.length > 0
      ? { items: [...groupItems(tasks, providerOf), ...groupItems(tasks, professionalOf)] }
      : {}),
    audience: "private",
  };
};

import { and, asc, eq, inArray, lt, type SQL } from "drizzle-orm";
import { tasks } from "../../db/schema.js";
import type { Command } from "../commands/command.js";
import { isAttorney } from "../domain/policy.js";
import { OPEN_STATUSES } from "../domain/status-machine.js";
import { type TaskDetails, taskLine, taskView } from "../views/task-view.js";
import type { View } from "../views/view.js";
import type { Actor } from "./actor.js";
import { recordAudit } from "./audit.js";
import type { Deps } from "./deps.js";
import { loadVisibleTask, selectTaskDetails } from "./task-loader.js";

type List = Extract<Command, { name: "list" }>;

export const PAGE_SIZE = 20;

const SCOPE_TITLE: Record<List["scope"], string> = {
  mine: "Your open tasks",
  review: "Waiting for your review",
  overdue: "Overdue",
  all: "All tasks",
};

/** Which tasks a list shows; professionals only ever get their own. */
const scopeFilter = (actor: Actor, scope: List["scope"], now: Date): SQL | undefined => {
  const me = actor.person;
  const open = inArray(tasks.status, [...OPEN_STATUSES]);
  const visible = isAttorney(me) ? undefined : eq(tasks.assigneeId, me.id);
  switch (scope) {
    case "mine":
      return and(open, isAttorney(me) ? eq(tasks.supervisorId, me.id) : eq(tasks.assigneeId, me.id));
    case "review":
      return and(
        eq(tasks.status, "submitted"),
        me.role === "admin"
          ? undefined
          : me.role === "attorney"
            ? eq(tasks.supervisorId, me.id)
            : eq(tasks.assigneeId, me.id),
      );
    case "overdue":
      return and(open, lt(tasks.dueAt, now), visible);
    case "all":
      return visible;
  }
};

/** A professional's read of a task or matter is audited (need-to-know access is supervised). */
const auditReads = async (deps: Deps, actor: Actor, rows: TaskDetails[], via: string, now: Date) => {
  if (isAttorney(actor.person) || rows.length === 0) return;
  await recordAudit(
    deps.db,
    rows.map((r) => ({
      firmId: actor.firm.id,
      at: now,
      actorId: actor.person.id,
      taskId: r.task.id,
      matterId: r.task.matterId,
      action: "task.viewed",
      detail: { via },
    })),
  );
};

export const listTasks = async (deps: Deps, actor: Actor, cmd: List): Promise<View> => {
  const now = deps.clock.now();
  const page = cmd.page ?? 1;
  const rows = await selectTaskDetails(
    deps.db,
    and(eq(tasks.firmId, actor.firm.id), scopeFilter(actor, cmd.scope, now)),
  )
    .orderBy(asc(tasks.dueAt), asc(tasks.number))
    .limit(PAGE_SIZE + 1)
    .offset((page - 1) * PAGE_SIZE);
  const shown = rows.slice(0, PAGE_SIZE);
  await auditReads(deps, actor, shown, "list", now);
  const more = rows.length > PAGE_SIZE;
  return {
    tone: "info",
    title: `${SCOPE_TITLE[cmd.scope]}${page > 1 ? ` (page ${page})` : ""}`,
    lines: shown.length === 0 ? ["Nothing here."] : more ? [`More: list ${cmd.scope} page:${page + 1}`] : [],
    items: shown.map((r) => ({ text: taskLine(r, actor.person.tz, now), task: r.task.number })),
    audience: "private",
  };
};

export const showTask = async (deps: Deps, actor: Actor, n: number): Promise<View> => {
  const now = deps.clock.now();
  const details = await loadVisibleTask(deps.db, actor, n);
  await auditReads(deps, actor, [details], "show", now);
  return taskView(details, actor.person, now);
};

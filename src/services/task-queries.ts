import { and, eq, lt, or, type SQL, sql } from "drizzle-orm";
import { inConstants, oncePerDb } from "../../db/prepared.js";
import { tasks } from "../../db/schema.js";
import type { Command } from "../domain/command.js";
import { isAttorney } from "../domain/policy.js";
import { OPEN_STATUSES } from "../domain/status-machine.js";
import type { Role } from "../domain/vocabulary.js";
import { type TaskDetails, type TaskLineRow, taskLine, taskRef, taskView } from "../views/task-view.js";
import { moreOf, type View } from "../views/view.js";
import type { Actor } from "./actor.js";
import { coveringFor } from "./cover.js";
import type { Deps } from "./deps.js";
import { recordAudit } from "./record-audit.js";
import { taskHistory } from "./task-history.js";
import { loadVisibleTask, selectTaskPage, staffedOn } from "./task-loader.js";

type List = Extract<Command, { name: "list" }>;

/** How a task came to be read (docs/supervision-review.md, "What they read"). */
export type TaskRead = "show" | "click" | "refresh";

export const PAGE_SIZE = 20;

const SCOPE_TITLE: Record<List["scope"], string> = {
  mine: "Your open tasks",
  review: "Waiting for your review",
  overdue: "Overdue",
  all: "All tasks",
};

/** Supervised by someone `me` covers for at the placeholder `now` (away … cover:). */
const coveredBy = (me: ReturnType<typeof sql.placeholder>): SQL =>
  sql`${tasks.supervisorId} in (select c.person_id from cover_periods c where c.cover_id = ${me}::uuid and c.starts_at <= ${sql.placeholder("now")}::timestamptz and c.ends_at > ${sql.placeholder("now")}::timestamptz and c.ended_at is null)`;

/**
 * Which tasks of the firm (placeholder `firmId`) a list shows to someone of this role
 * (placeholder `me`, the person) at `now`; professionals only ever get their own.
 */
const scopeFilter = (role: Role, scope: List["scope"]): SQL | undefined => {
  const me = sql.placeholder("me");
  const attorney = isAttorney({ role });
  // The statuses are written into the statement, so PostgreSQL plans each list once (inConstants).
  const open = inConstants(tasks.status, OPEN_STATUSES);
  // Professionals: their own tasks, on matters they are currently staffed on (policy.maySeeTask).
  const visible = attorney ? undefined : and(eq(tasks.assigneeId, me), staffedOn(me));
  const inFirm = eq(tasks.firmId, sql.placeholder("firmId"));
  switch (scope) {
    case "mine":
      return and(inFirm, open, attorney ? eq(tasks.supervisorId, me) : visible);
    case "review":
      return and(
        inFirm,
        inConstants(tasks.status, ["submitted"]),
        role === "admin"
          ? undefined
          : role === "attorney"
            ? or(eq(tasks.supervisorId, me), coveredBy(me))
            : visible,
      );
    case "overdue":
      return and(inFirm, open, lt(tasks.dueAt, sql.placeholder("now")), visible);
    case "all":
      return and(inFirm, visible);
  }
};

/**
 * Each (role, scope) list's first page, and its later pages, are a prepared statement per database,
 * built on first use.
 */
const listQueries = oncePerDb((db) => {
  const built = new Map<string, ReturnType<typeof prepareList>>();
  const prepareList = (role: Role, scope: List["scope"], later: boolean) =>
    selectTaskPage(db, scopeFilter(role, scope), PAGE_SIZE + 1, later).prepare(
      `list_${role}_${scope}${later ? "_later" : ""}`,
    );
  return (role: Role, scope: List["scope"], later: boolean) => {
    const key = `${role}:${scope}:${later}`;
    let query = built.get(key);
    if (!query) {
      query = prepareList(role, scope, later);
      built.set(key, query);
    }
    return query;
  };
});

/**
 * A professional's read of a task is audited (need-to-know access is supervised): `show` writes
 * `task.viewed`; a `list` writes one `task.listed` naming every task it showed, by matter
 * (docs/access.md).
 */
const auditShow = async (deps: Deps, actor: Actor, r: TaskDetails, via: TaskRead, now: Date) => {
  if (isAttorney(actor.person)) return;
  await recordAudit(deps.db, {
    firmId: actor.firm.id,
    at: now,
    actorId: actor.person.id,
    taskId: r.task.id,
    matterId: r.task.matterId,
    action: "task.viewed",
    detail: { via },
  });
};

const auditList = async (deps: Deps, actor: Actor, rows: TaskLineRow[], cmd: List, now: Date) => {
  if (isAttorney(actor.person) || rows.length === 0) return;
  const tasksByMatter: Record<string, string[]> = {};
  for (const r of rows) {
    tasksByMatter[r.matterNumber] = [...(tasksByMatter[r.matterNumber] ?? []), taskRef(r.task.number)];
  }
  const matterIds = [...new Set(rows.map((r) => r.task.matterId))];
  await recordAudit(deps.db, {
    firmId: actor.firm.id,
    at: now,
    actorId: actor.person.id,
    // One matter: the event is on it, so a matter's packet finds it without reading the detail.
    matterId: matterIds.length === 1 ? matterIds[0] : null,
    action: "task.listed",
    detail: { via: "list", scope: cmd.scope, ...(cmd.page ? { page: cmd.page } : {}), tasks: tasksByMatter },
  });
};

export const listTasks = async (deps: Deps, actor: Actor, cmd: List): Promise<View> => {
  const now = deps.clock.now();
  const page = cmd.page ?? 1;
  const rows = await listQueries(deps.db)(actor.person.role, cmd.scope, page > 1).execute({
    firmId: actor.firm.id,
    me: actor.person.id,
    // A placeholder skips the column's encoder, and drizzle's postgres.js driver sends dates as text.
    now: now.toISOString(),
    offset: (page - 1) * PAGE_SIZE,
  });
  const shown = rows.slice(0, PAGE_SIZE);
  await auditList(deps, actor, shown, cmd, now);
  const more = rows.length > PAGE_SIZE;
  return {
    tone: "info",
    title: `${SCOPE_TITLE[cmd.scope]}${page > 1 ? ` (page ${page})` : ""}`,
    lines: shown.length === 0 ? ["Nothing here."] : [],
    items: shown.map((r) => ({ text: taskLine(r, actor.person.tz, now), task: r.task.number })),
    ...(more ? { more: moreOf(`list ${cmd.scope} page:${page + 1}`) } : {}),
    audience: "private",
  };
};

/**
 * `show T-n`: the task, the buttons this reader may press, and its whole history (task-history.ts).
 * `via` says in the audit trail how a professional came to read it: "show" (typed), "click" (the
 * card redrawn after their click) or "refresh" (Teams redrawing a card by itself).
 */
export const showTask = async (
  deps: Deps,
  actor: Actor,
  n: number,
  via: TaskRead = "show",
): Promise<View> => {
  const now = deps.clock.now();
  const details = await loadVisibleTask(deps.db, actor, n, via);
  const [covering, history] = await Promise.all([
    coveringFor(deps.db, actor, now),
    taskHistory(deps.db, details.task, actor.person.tz),
    auditShow(deps, actor, details, via, now),
  ]);
  return { ...taskView(details, { ...actor.person, covering }, now), items: history };
};

import { and, count, desc, eq, gte, or } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { DateTime } from "luxon";
import { auditEvents, matters, people, tasks } from "../../db/schema.js";
import type { Command, UserRef } from "../domain/command.js";
import { formatLocal } from "../domain/due-time.js";
import { requireRole } from "../domain/policy.js";
import { taskRef } from "../views/task-view.js";
import { moreOf, type View } from "../views/view.js";
import { type Actor, findPerson } from "./actor.js";
import type { Deps } from "./deps.js";
import { personNames } from "./person-names.js";
import { loadVisibleTask } from "./task-loader.js";

type Audit = Extract<Command, { name: "audit" }>;

/** One page of events: the latest first (page 1), older ones on the pages after it. */
export const AUDIT_PAGE_SIZE = 50;

const actorPerson = alias(people, "actor");
const subjectPerson = alias(people, "subject");

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** Detail keys that hold a person's id (a cover, a previous assignee): shown by name. */
const PERSON_KEYS = ["coveredFor", "coveredBy", "from"];

const describe = (detail: Record<string, unknown>, tz: string, names: Map<string, string>): string => {
  const value = (v: unknown): string =>
    Array.isArray(v)
      ? v.join(",")
      : typeof v === "string" && ISO_INSTANT.test(v)
        ? formatLocal(new Date(v), tz)
        : typeof v === "string" && names.has(v)
          ? (names.get(v) ?? v)
          : String(v);
  const parts = Object.entries(detail).map(([k, v]) => `${k}=${value(v)}`);
  return parts.length > 0 ? ` (${parts.join(", ")})` : "";
};

/** A person as a command names them again: the platform's mention, or the console's @name. */
const mentionText = (u: UserRef): string => {
  if (u.id) return `<@${u.id}>`;
  const name = u.name ?? "";
  return /[\s"]/.test(name) ? `@"${name.replace(/"/g, "")}"` : `@${name}`;
};

/** The command for the page after `page`, typed as the person would type it. */
const nextPage = (cmd: Audit, page: number): string =>
  [
    "audit",
    "task" in cmd ? taskRef(cmd.task) : mentionText(cmd.user),
    cmd.since ? `since:${cmd.since}` : undefined,
    `page:${page + 1}`,
  ]
    .filter(Boolean)
    .join(" ");

export const auditTrail = async (deps: Deps, actor: Actor, cmd: Audit): Promise<View> => {
  const since = cmd.since
    ? DateTime.fromISO(cmd.since, { zone: actor.firm.tz }).startOf("day").toJSDate()
    : new Date(0);
  let filter: ReturnType<typeof and>;
  let title: string;
  if ("task" in cmd) {
    requireRole(actor.person, ["admin", "attorney"], "read the audit trail");
    const d = await loadVisibleTask(deps.db, actor, cmd.task);
    filter = eq(auditEvents.taskId, d.task.id);
    title = `Audit trail of ${taskRef(cmd.task)}`;
  } else {
    requireRole(actor.person, ["admin"], "read a person's audit trail");
    const person = await findPerson(deps.db, actor, cmd.user);
    filter = or(eq(auditEvents.actorId, person.id), eq(auditEvents.subjectId, person.id));
    title = `Audit trail of ${person.displayName}`;
  }
  const where = and(eq(auditEvents.firmId, actor.firm.id), filter, gte(auditEvents.at, since));
  const page = cmd.page ?? 1;
  const [newestFirst, [counted]] = await Promise.all([
    deps.db
      .select({
        event: auditEvents,
        actorName: actorPerson.displayName,
        subjectName: subjectPerson.displayName,
        taskNumber: tasks.number,
        matterNumber: matters.number,
      })
      .from(auditEvents)
      .leftJoin(actorPerson, eq(actorPerson.id, auditEvents.actorId))
      .leftJoin(subjectPerson, eq(subjectPerson.id, auditEvents.subjectId))
      .leftJoin(tasks, eq(tasks.id, auditEvents.taskId))
      .leftJoin(matters, eq(matters.id, auditEvents.matterId))
      .where(where)
      .orderBy(desc(auditEvents.at), desc(auditEvents.seq))
      .limit(AUDIT_PAGE_SIZE)
      .offset((page - 1) * AUDIT_PAGE_SIZE),
    deps.db.select({ n: count() }).from(auditEvents).where(where),
  ]);
  const total = counted?.n ?? 0;
  // Read as a story: the page's oldest event first, its newest last.
  const rows = newestFirst.reverse();
  const names = await personNames(
    deps.db,
    actor.firm.id,
    rows.flatMap((r) => PERSON_KEYS.map((k) => r.event.detail[k])),
  );
  return {
    tone: "info",
    title,
    lines: pageLines(rows.length, total, page),
    items: rows.map((r) => ({
      text: [
        `#${r.event.seq}`,
        formatLocal(r.event.at, actor.person.tz),
        r.actorName ?? "system",
        r.event.action,
        r.taskNumber ? taskRef(r.taskNumber) : undefined,
        r.matterNumber ?? undefined,
        r.subjectName ? `→ ${r.subjectName}` : undefined,
      ]
        .filter(Boolean)
        .join(" · ")
        .concat(describe(r.event.detail, actor.person.tz, names)),
    })),
    ...((page - 1) * AUDIT_PAGE_SIZE + rows.length < total ? { more: moreOf(nextPage(cmd, page)) } : {}),
    audience: "private",
  };
};

/** Which events these are. */
const pageLines = (shown: number, total: number, page: number): string[] => {
  if (total === 0) return ["No events."];
  const skipped = (page - 1) * AUDIT_PAGE_SIZE;
  if (shown === 0) {
    const pages = Math.ceil(total / AUDIT_PAGE_SIZE);
    return [
      `There ${total === 1 ? "is 1 event" : `are ${total} events`}, on ${pages === 1 ? "1 page" : `pages 1–${pages}`}; page ${page} is empty.`,
    ];
  }
  const which =
    page === 1
      ? shown === total
        ? `All ${total} event${total === 1 ? "" : "s"}, newest last.`
        : `The latest ${shown} of ${total} events, newest last.`
      : `Events ${skipped + 1}–${skipped + shown} counting back from the latest, of ${total}; newest last.`;
  // The way to older events is the view's `more` (a button, or the console's line to type).
  return [which];
};

import { and, count, desc, eq, exists, gte, inArray, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { DateTime } from "luxon";
import { auditEvents, matters, type Person, people, tasks } from "../../db/schema.js";
import type { Command, UserRef } from "../domain/command.js";
import { formatLocal } from "../domain/due-time.js";
import { DelegateError } from "../domain/errors.js";
import { requireRole } from "../domain/policy.js";
import { AUDIT_PERSON_KEYS, auditSentence } from "../views/audit-lines.js";
import { taskRef } from "../views/task-view.js";
import { moreOf, type View } from "../views/view.js";
import { plural, sentence } from "../views/words.js";
import { type Actor, findPerson } from "./actor.js";
import { coveringFor } from "./cover.js";
import type { Deps } from "./deps.js";
import { personNames } from "./person-names.js";
import { loadVisibleTask } from "./task-loader.js";

type Audit = Extract<Command, { name: "audit" }>;

/** One page of events: the latest first (page 1), older ones on the pages after it. */
export const AUDIT_PAGE_SIZE = 50;

const actorPerson = alias(people, "actor");
const subjectPerson = alias(people, "subject");

/**
 * Which people's trail an attorney may read (`audit @user`): their own, and that of a professional
 * whose work they supervise — someone who holds or held a task they supervise, or supervise now as
 * a cover (`away`). Admins read anyone's. See docs/access.md, "Audit trail".
 */
const requireSupervised = async (deps: Deps, actor: Actor, person: Person): Promise<void> => {
  if (person.id === actor.person.id) return;
  const supervisors = [actor.person.id, ...(await coveringFor(deps.db, actor, deps.clock.now()))];
  const [held] =
    person.role === "professional"
      ? await deps.db
          .select({ id: tasks.id })
          .from(tasks)
          .where(
            and(
              eq(tasks.firmId, actor.firm.id),
              inArray(tasks.supervisorId, supervisors),
              or(
                eq(tasks.assigneeId, person.id),
                // Held before a reassignment: the assignment events name whom it went to.
                exists(
                  deps.db
                    .select({ one: sql`1` })
                    .from(auditEvents)
                    .where(
                      and(
                        eq(auditEvents.taskId, tasks.id),
                        eq(auditEvents.subjectId, person.id),
                        inArray(auditEvents.action, ["task.assigned", "task.reassigned"]),
                      ),
                    ),
                ),
              ),
            ),
          )
          .limit(1)
      : [];
  if (held) return;
  throw new DelegateError(
    "forbidden",
    `${sentence(
      person.role === "professional"
        ? `You supervise no work of ${person.displayName}'s, so only an admin can read their audit trail`
        : `Only an admin can read ${person.displayName}'s audit trail`,
    )} You can read yours (audit @${actor.person.displayName.includes(" ") ? `"${actor.person.displayName}"` : actor.person.displayName}), that of professionals whose work you supervise, and any task's (audit T-n).`,
  );
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
    requireRole(actor.person, ["admin", "attorney"], "read a person's audit trail");
    const person = await findPerson(deps.db, actor, cmd.user);
    if (actor.person.role !== "admin") await requireSupervised(deps, actor, person);
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
    rows.flatMap((r) => AUDIT_PERSON_KEYS.map((k) => r.event.detail[k])),
  );
  return {
    tone: "info",
    title,
    lines: pageLines(rows.length, total, page),
    items: rows.map((r) => ({
      text: `#${r.event.seq} · ${formatLocal(r.event.at, actor.person.tz)} · ${auditSentence(
        {
          action: r.event.action,
          actor: r.actorName,
          subject: r.subjectName,
          task: r.taskNumber,
          matter: r.matterNumber,
          detail: r.event.detail,
        },
        { tz: actor.person.tz, names },
      )}`,
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
      `There ${total === 1 ? "is" : "are"} ${plural(total, "event")}, on ${pages === 1 ? "1 page" : `pages 1–${pages}`}; page ${page} is empty.`,
    ];
  }
  const which =
    page === 1
      ? shown === total
        ? total === 1
          ? "1 event."
          : `All ${plural(total, "event")}, newest last.`
        : `The latest ${shown} of ${plural(total, "event")}, newest last.`
      : `Events ${skipped + 1}–${skipped + shown} counting back from the latest, of ${total}; newest last.`;
  // The way to older events is the view's `more` (a button, or the console's line to type).
  return [which];
};

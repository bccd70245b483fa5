import { and, asc, eq, gte, or } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { DateTime } from "luxon";
import { auditEvents, matters, people, tasks } from "../../db/schema.js";
import type { Command } from "../commands/command.js";
import { formatLocal } from "../domain/due-time.js";
import { requireRole } from "../domain/policy.js";
import { taskRef } from "../views/task-view.js";
import type { View } from "../views/view.js";
import { type Actor, findPerson } from "./actor.js";
import type { Deps } from "./deps.js";
import { personNames } from "./person-names.js";
import { loadVisibleTask } from "./task-loader.js";

type Audit = Extract<Command, { name: "audit" }>;

/** Long trails are cut to the latest events; an export of everything is a database query away. */
const MAX_EVENTS = 200;

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
  const rows = await deps.db
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
    .where(and(eq(auditEvents.firmId, actor.firm.id), filter, gte(auditEvents.at, since)))
    .orderBy(asc(auditEvents.id))
    .limit(MAX_EVENTS);
  const names = await personNames(
    deps.db,
    actor.firm.id,
    rows.flatMap((r) => PERSON_KEYS.map((k) => r.event.detail[k])),
  );
  return {
    tone: "info",
    title,
    lines:
      rows.length === 0
        ? ["No events."]
        : rows.length === MAX_EVENTS
          ? [`First ${MAX_EVENTS} events shown; narrow with since:YYYY-MM-DD.`]
          : [],
    items: rows.map((r) => ({
      text: [
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
    audience: "private",
  };
};

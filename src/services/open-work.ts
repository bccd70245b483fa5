import { and, asc, eq, inArray, or } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { matters, tasks } from "../../db/schema.js";
import { formatLocal } from "../domain/due-time.js";
import { OPEN_STATUSES, STATUS_LABEL } from "../domain/status-machine.js";
import type { TaskStatus } from "../domain/vocabulary.js";
import { taskRef } from "../views/task-view.js";
import { plural } from "../views/words.js";

/** An open task someone holds, as an admin needs it to decide what to do with it. */
export interface OpenTask {
  number: number;
  title: string;
  matterId: string;
  matterNumber: string;
  status: TaskStatus;
  dueAt: Date;
  assigneeId: string;
  supervisorId: string;
}

/** A person's open tasks, as assignee or as supervisor (optionally on one matter), by due time. */
export const openWorkOf = (db: Executor, personId: string, matterId?: string): Promise<OpenTask[]> =>
  db
    .select({
      number: tasks.number,
      title: tasks.title,
      matterId: tasks.matterId,
      matterNumber: matters.number,
      status: tasks.status,
      dueAt: tasks.dueAt,
      assigneeId: tasks.assigneeId,
      supervisorId: tasks.supervisorId,
    })
    .from(tasks)
    .innerJoin(matters, eq(matters.id, tasks.matterId))
    .where(
      and(
        or(eq(tasks.assigneeId, personId), eq(tasks.supervisorId, personId)),
        inArray(tasks.status, [...OPEN_STATUSES]),
        matterId ? eq(tasks.matterId, matterId) : undefined,
      ),
    )
    .orderBy(asc(tasks.dueAt), asc(tasks.number));

/**
 * What to do with a person's open work, one line a task with the command that does it: the tasks
 * they hold are reassigned; the ones they supervise are decided or cancelled by an admin.
 * For admins only (the lines carry task titles).
 */
export const openWorkLines = (
  personId: string,
  name: string,
  work: OpenTask[],
  viewerTz: string,
): string[] => {
  const held = work.filter((t) => t.assigneeId === personId);
  const supervised = work.filter((t) => t.supervisorId === personId && t.assigneeId !== personId);
  const line = (t: OpenTask) =>
    `${taskRef(t.number)} · ${t.matterNumber} · ${t.title} · ${STATUS_LABEL[t.status].toLowerCase()} · due ${formatLocal(t.dueAt, viewerTz)}`;
  const lines: string[] = [];
  if (held.length > 0) {
    lines.push(`${name} holds ${plural(held.length, "open task")}; reassign each:`);
    for (const t of held) lines.push(`  ${line(t)} → reassign ${taskRef(t.number)} @someone`);
  }
  if (supervised.length > 0) {
    lines.push(
      `${name} supervises ${plural(supervised.length, "open task")}; an admin can decide or cancel each:`,
    );
    for (const t of supervised) {
      const next =
        t.status === "submitted"
          ? `approve ${taskRef(t.number)} or changes ${taskRef(t.number)} "what to fix"`
          : `cancel ${taskRef(t.number)} "reason"`;
      lines.push(`  ${line(t)} → ${next}`);
    }
  }
  return lines;
};

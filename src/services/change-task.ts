import { and, eq, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { Tx } from "../../db/client.js";
import { type Task, tasks } from "../../db/schema.js";
import { formatLocal } from "../domain/due-time.js";
import { DelegateError } from "../domain/errors.js";
import { isFinal, pathTo, STATUS_LABEL } from "../domain/status-machine.js";
import type { TaskStatus } from "../domain/vocabulary.js";
import { type TaskDetails, taskRef } from "../views/task-view.js";
import type { View } from "../views/view.js";
import type { Actor } from "./actor.js";
import type { Deps } from "./deps.js";
import { recordAudit } from "./record-audit.js";
import { loadVisibleTask } from "./task-loader.js";

/** What a task is now, in words, for a refused action. */
export const describeState = (d: TaskDetails, tz: string): string => {
  const t = d.task;
  if (t.status === "approved") {
    return `${taskRef(t.number)} was already approved by ${d.approverName ?? "?"}${t.approvedAt ? ` at ${formatLocal(t.approvedAt, tz)}` : ""}.`;
  }
  return `${taskRef(t.number)} is ${STATUS_LABEL[t.status].toLowerCase()}.`;
};

export interface TaskChange {
  /** "approve", "submit"… for messages. */
  verb: string;
  /** The version the button was drawn from; a stale one is refused. */
  expectVersion?: number | undefined;
  /** Throws a DelegateError when this actor may not do it. */
  authorize(actor: Actor, d: TaskDetails): void;
  /** The status to reach; undefined keeps the status (due, reassign) but the task must be open. */
  to?: TaskStatus;
  /**
   * The only status it starts from, reaching `to` in one step. A review decides on a submission:
   * without this, `approve` on work in progress passed through "submitted" with no submission,
   * and a second decision on a round already decided broke the one-review-per-round index.
   */
  from?: TaskStatus;
  /** Further columns to set with the change. */
  set?: (d: TaskDetails) => PgUpdateSetSource<typeof tasks>;
  /** Rows, audit events and notifications of this change, in the same transaction; returns the reply. */
  after(tx: Tx, before: TaskDetails, updated: Task, steps: TaskStatus[]): Promise<View>;
}

/** The statuses a change passes through from `status`, or undefined when it cannot start there. */
const stepsOf = (status: TaskStatus, change: TaskChange): TaskStatus[] | undefined => {
  if (change.from !== undefined && status !== change.from) return undefined;
  if (change.to) return pathTo(status, change.to);
  return isFinal(status) ? undefined : [];
};

/**
 * Every change to a task goes through here: load what the actor may see, check who and
 * which state, then `UPDATE … WHERE id AND version` so two clicks or two replicas cannot
 * both win, then the change's own rows, audit events and notifications — one transaction.
 */
export const changeTask = (deps: Deps, actor: Actor, n: number, change: TaskChange): Promise<View> =>
  deps.db.transaction(async (tx) => {
    const before = await loadVisibleTask(tx, actor, n, change.verb);
    change.authorize(actor, before);
    const tz = actor.person.tz;
    const t = before.task;
    if (change.expectVersion !== undefined && change.expectVersion !== t.version) {
      throw new DelegateError("conflict", `That message is out of date. ${describeState(before, tz)}`);
    }
    const steps = stepsOf(t.status, change);
    if (!steps) {
      throw new DelegateError(
        "conflict",
        t.status === "approved"
          ? describeState(before, tz)
          : `Can't ${change.verb} ${taskRef(n)}: ${describeState(before, tz)}`,
      );
    }
    const now = deps.clock.now();
    const [updated] = await tx
      .update(tasks)
      .set({
        ...(change.to ? { status: change.to } : {}),
        ...change.set?.(before),
        version: sql`${tasks.version} + 1`,
        updatedAt: now,
      })
      .where(and(eq(tasks.id, t.id), eq(tasks.version, t.version)))
      .returning();
    if (!updated) {
      // Someone else changed it between our read and our write (a second click, another replica).
      const current = await loadVisibleTask(tx, actor, n);
      throw new DelegateError("conflict", describeState(current, tz));
    }
    return change.after(tx, before, updated, steps);
  });

/** Audit events for each status step of a change (submitting an assigned task also starts it). */
export const auditSteps = (
  tx: Tx,
  actor: Actor,
  before: Task,
  updated: Task,
  steps: TaskStatus[],
  at: Date,
  detail: Record<string, unknown> = {},
): Promise<void> => {
  let from = before.status;
  return recordAudit(
    tx,
    steps.map((to) => {
      const event = {
        firmId: actor.firm.id,
        at,
        actorId: actor.person.id,
        taskId: before.id,
        matterId: before.matterId,
        action: `task.${to}` as const,
        detail: { from, to, version: updated.version, round: updated.round, ...detail },
      };
      from = to;
      return event;
    }),
  );
};

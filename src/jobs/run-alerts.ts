import { eq, sql } from "drizzle-orm";
import { alertLedger, tasks } from "../../db/schema.js";
import { activeCovers } from "../services/cover.js";
import { enqueue, type Notification } from "../services/outbox.js";
import type { PersonSummary, TaskDetails } from "../views/task-view.js";
import { adminsOf, alertCandidates, firmSettings } from "./alert-candidates.js";
import { alertView } from "./alert-messages.js";
import {
  holdUntil,
  type PlannedAlert,
  planAckAlerts,
  planAlerts,
  planReviewReminder,
} from "./alert-rules.js";
import { writeWatermark } from "./alert-watermark.js";
import { defaultInstanceId, type JobDeps } from "./job-deps.js";
import { endLapsedNdaGrants, runNdaAlerts } from "./nda-alerts.js";

export interface AlertRunResult {
  /** Alerts claimed by this run (a task, kind and due time; an NDA expiry). */
  alerts: number;
  /** Direct messages queued for them. */
  notifications: number;
  /** Of those, how many wait for the recipient's working hours. */
  held: number;
}

interface Due {
  details: TaskDetails;
  plan: PlannedAlert;
  submittedAt?: Date;
}

const key = (taskId: string, kind: string, at: Date) => `${taskId}|${kind}|${at.getTime()}`;

/**
 * One alert tick at `now`: finds the deadline alerts, review reminders and NDA expiries that
 * are due and not yet sent, and for each claims its ledger row and queues its direct messages
 * in one transaction. The ledger's unique key is the claim: any number of replicas, restarts or
 * console `.run alerts` send an alert once per task, kind and due time.
 *
 * A tick reads only what fell due since the previous complete tick (the watermark in job_runs,
 * see alert-windows.ts), and records `now` as the watermark once everything it found is
 * claimed. A tick that fails, or finds a task changed under it, leaves the watermark where it
 * was, so the next tick reads that stretch again; a process that was down catches up the same
 * way (as far back as the rules look: a week of deadlines, 30 days of reviews).
 */
export const runAlerts = async (deps: JobDeps, now: Date): Promise<AlertRunResult> => {
  const { db } = deps;
  const result: AlertRunResult = { alerts: 0, notifications: 0, held: 0 };
  const { near, reviews, unacknowledged, auditId } = await alertCandidates(db, now);
  // Earliest deadline first, whatever order the ranges came back in.
  near.sort((a, b) => a.task.dueAt.getTime() - b.task.dueAt.getTime() || a.task.number - b.task.number);
  reviews.sort(
    (a, b) =>
      a.submittedAt.getTime() - b.submittedAt.getTime() || a.details.task.number - b.details.task.number,
  );
  let complete = true;
  const settings = await firmSettings(
    db,
    [...near, ...unacknowledged].map((d) => d.task.firmId),
  );

  const due: Due[] = [];
  for (const d of near) {
    const firm = settings.get(d.task.firmId);
    if (!firm) continue;
    for (const plan of planAlerts(d.task, firm, now)) due.push({ details: d, plan });
  }
  for (const r of reviews) {
    const facts = { ...r.details.task, submittedAt: r.submittedAt };
    for (const plan of planReviewReminder(facts, r.details.supervisor, now)) {
      due.push({ details: r.details, plan, submittedAt: r.submittedAt });
    }
  }
  for (const d of unacknowledged) {
    for (const plan of planAckAlerts(d.task, now)) due.push({ details: d, plan });
  }

  const taskIds = [...new Set(due.map((a) => a.details.task.id))];
  const sent =
    taskIds.length === 0
      ? []
      : await db
          .select({ taskId: alertLedger.taskId, kind: alertLedger.kind, dueAt: alertLedger.dueAt })
          .from(alertLedger)
          .where(sql`${alertLedger.taskId} = any(string_to_array(${taskIds.join(",")}, ',')::uuid[])`);
  const already = new Set(sent.map((s) => key(s.taskId, s.kind, s.dueAt)));
  const pending = due.filter((a) => !already.has(key(a.details.task.id, a.plan.kind, a.plan.keyAt)));

  const needAdmins = pending.some((a) => a.plan.to.includes("admins"));
  const admins = needAdmins
    ? await adminsOf(
        db,
        pending.map((a) => a.details.task.firmId),
      )
    : [];

  // While a supervisor is away, what would go to them goes to whoever covers for them.
  const covers = await activeCovers(
    db,
    pending.filter((a) => a.plan.to.includes("supervisor")).map((a) => a.details.task.supervisorId),
    now,
  );

  for (const a of pending) {
    const t = a.details.task;
    const cover = covers.get(t.supervisorId);
    const recipients = new Map<string, { person: PersonSummary; audience: (typeof a.plan.to)[number] }>();
    for (const audience of a.plan.to) {
      const people =
        audience === "assignee"
          ? [a.details.assignee]
          : audience === "supervisor"
            ? [cover?.cover ?? a.details.supervisor]
            : admins.filter((p) => p.firmId === t.firmId);
      for (const person of people) {
        if (person.active && !recipients.has(person.id)) recipients.set(person.id, { person, audience });
      }
    }
    const notifications: Notification[] = [...recipients.values()].map(({ person, audience }) => {
      const notBefore = holdUntil(now, person, t.dueAt);
      const covering = cover && person.id === cover.cover.id ? [t.supervisorId] : [];
      return {
        firmId: t.firmId,
        personId: person.id,
        taskId: t.id,
        kind: `alert.${a.plan.kind}`,
        dedupeKey: `alert:${t.id}:${a.plan.kind}:${a.plan.keyAt.toISOString()}:${person.id}`,
        view: alertView(a.plan.kind, audience, a.details, { ...person, covering }, now, {
          submittedAt: a.submittedAt,
          ackWithinMinutes: settings.get(t.firmId)?.ackWithinMinutes,
        }),
        ...(notBefore ? { notBefore } : {}),
      };
    });
    const claimed = await db.transaction(async (tx) => {
      // The task may have moved since it was read: leave it to the next tick, which sees it as it is.
      const [current] = await tx
        .select({ version: tasks.version, acknowledgedAt: tasks.acknowledgedAt })
        .from(tasks)
        .where(eq(tasks.id, t.id));
      if (current?.version !== t.version) {
        complete = false;
        return false;
      }
      // Acknowledging does not move the version: an acknowledgement since the read ends the alert.
      if (a.plan.kind.startsWith("unacknowledged") && current.acknowledgedAt !== null) return false;
      const rows = await tx
        .insert(alertLedger)
        .values({ taskId: t.id, kind: a.plan.kind, dueAt: a.plan.keyAt, sentAt: now })
        .onConflictDoNothing()
        .returning({ id: alertLedger.id });
      if (rows.length === 0) return false;
      await enqueue(tx, now, notifications);
      return true;
    });
    if (claimed) {
      result.alerts += 1;
      result.notifications += notifications.length;
      result.held += notifications.filter((n) => n.notBefore).length;
    }
  }

  const nda = await runNdaAlerts(deps, now);
  result.alerts += nda.alerts;
  result.notifications += nda.notifications;
  await endLapsedNdaGrants(deps, now);
  if (complete) await writeWatermark(db, now, auditId, deps.instanceId ?? defaultInstanceId());
  deps.logger?.info({ ...result, candidates: due.length, complete }, "alert tick");
  return result;
};

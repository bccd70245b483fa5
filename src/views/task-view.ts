import { DateTime } from "luxon";
import type { Person, Task } from "../../db/schema.js";
import { formatLocal } from "../domain/due-time.js";
import { formatMinutes } from "../domain/durations.js";
import { mayReview, maySupervise, mayWork, type PersonFacts } from "../domain/policy.js";
import { isFinal, isOverdue, lateness, STATUS_LABEL } from "../domain/status-machine.js";
import { offsetAt, zoneClock } from "../domain/zone-clock.js";
import type { View, ViewAction, ViewField } from "./view.js";

export const taskRef = (n: number): string => `T-${n}`;

export type PersonSummary = Pick<
  Person,
  "id" | "displayName" | "tz" | "role" | "active" | "workStart" | "workEnd" | "workDays"
>;

/** A task with the names a view needs. */
export interface TaskDetails {
  task: Task;
  matterNumber: string;
  assignee: PersonSummary;
  supervisor: PersonSummary;
  approverName?: string | null;
}

/** Who looks at a task: their role, zone, and the supervisors they cover for now (`away … cover:`). */
export type Viewer = PersonFacts & { tz: string; covering?: readonly string[] };

/**
 * The buttons this viewer may press on this task, carrying the version they were drawn from:
 * the assignee acknowledges, starts, submits and asks; the supervisor (or their cover) decides
 * and asks. Acknowledge and Ask change nothing another button depends on.
 */
export const actionsFor = (viewer: Viewer, t: Task): ViewAction[] => {
  const at = { task: t.number, version: t.version };
  const actions: ViewAction[] = [];
  const open = !isFinal(t.status);
  if (mayWork(viewer, t)) {
    if (open && t.acknowledgedAt === null) actions.push({ ...at, action: "ack", label: "Acknowledge" });
    if (t.status === "assigned" || t.status === "changes_requested") {
      actions.push({ ...at, action: "start", label: "Start", style: "primary" });
    }
    if (t.status === "assigned" || t.status === "in_progress" || t.status === "changes_requested") {
      actions.push({ ...at, action: "submit", label: "Submit" });
    }
  }
  const supervises = maySupervise(viewer, t, viewer.covering);
  if (t.status === "submitted" && mayReview(viewer, t, viewer.covering)) {
    actions.push({ ...at, action: "approve", label: "Approve", style: "primary" });
    actions.push({ ...at, action: "changes", label: "Request changes", style: "danger" });
  }
  if (open && (mayWork(viewer, t) || supervises)) actions.push({ ...at, action: "ask", label: "Ask" });
  return actions;
};

// The zones' offsets from their per-hour memo (zone-clock.ts), exactly luxon's: building two
// DateTimes for it was half a percent of the server's CPU in a profile of the mix.
const sameOffset = (at: Date, a: string, b: string): boolean =>
  offsetAt(zoneClock(a), at.getTime()) === offsetAt(zoneClock(b), at.getTime());

/** "Fri 4 Dec 2026, 5:00 PM EST", plus the assignee's local time when they live elsewhere. */
export const dueLabel = (
  dueAt: Date,
  viewerTz: string,
  assignee: Pick<Person, "displayName" | "tz">,
): string => {
  const mine = formatLocal(dueAt, viewerTz);
  const theirs = formatLocal(dueAt, assignee.tz);
  // Same wall time (e.g. Bogotá and New York in winter): one label says it all.
  if (theirs === mine || sameOffset(dueAt, viewerTz, assignee.tz)) return mine;
  return `${mine} (${theirs} for ${assignee.displayName})`;
};

/** "Mon 28 Dec 2026": a calendar date (a court deadline, a holiday), which has no time or zone. */
export const dateLabel = (date: string): string =>
  DateTime.fromISO(date, { zone: "utc" }).toFormat("ccc d LLL yyyy");

/** Private view of a task (title and instructions are confidential: never for a channel). */
export const taskView = (d: TaskDetails, viewer: Viewer, now: Date): View => {
  const t = d.task;
  const overdue = isOverdue(t, now);
  const fields: ViewField[] = [
    { label: "Matter", value: d.matterNumber },
    { label: "Type", value: t.category.replace(/_/g, " ") },
    { label: "Status", value: `${STATUS_LABEL[t.status]}${lateness(t, now)}` },
    { label: "Assignee", value: d.assignee.displayName },
    { label: "Supervisor", value: d.supervisor.displayName },
    { label: "Due", value: dueLabel(t.dueAt, viewer.tz, d.assignee) },
  ];
  if (t.courtDeadline) {
    const days = t.reviewBufferDays ?? 0;
    fields.push({
      label: "Court deadline",
      value: `${dateLabel(t.courtDeadline)} (${days} court day${days === 1 ? "" : "s"} kept for review)`,
    });
  }
  if (!isFinal(t.status)) {
    fields.push({
      label: "Acknowledged",
      value: t.acknowledgedAt ? formatLocal(t.acknowledgedAt, viewer.tz) : "not yet",
    });
  }
  // On-time figures measure the task against the first due time it missed (docs/figures.md).
  if (t.committedDueAt) {
    fields.push({ label: "Due time first missed", value: formatLocal(t.committedDueAt, viewer.tz) });
  }
  if (t.estMinutes) fields.push({ label: "Attorney time saved (est.)", value: formatMinutes(t.estMinutes) });
  if (t.spentMinutes > 0) fields.push({ label: "Time spent", value: formatMinutes(t.spentMinutes) });
  if (t.round > 0) fields.push({ label: "Submission round", value: String(t.round) });
  if (t.status === "approved" && t.approvedAt) {
    fields.push({
      label: "Approved",
      value: `by ${d.approverName ?? "?"} at ${formatLocal(t.approvedAt, viewer.tz)}`,
    });
  }
  return {
    tone: overdue ? "warning" : "info",
    title: `${taskRef(t.number)} · ${t.title}`,
    lines: t.instructions ? [t.instructions] : [],
    fields,
    actions: actionsFor(viewer, t),
    audience: "private",
  };
};

/** What one line of a list shows: a page of tasks reads only these columns (task-loader.ts). */
export interface TaskLineRow {
  task: Pick<Task, "id" | "number" | "matterId" | "title" | "status" | "dueAt">;
  matterNumber: string;
  assignee: Pick<PersonSummary, "displayName">;
}

export const taskLine = (d: TaskLineRow, viewerTz: string, now: Date): string => {
  const t = d.task;
  return `${taskRef(t.number)} · ${d.matterNumber} · ${t.title} · ${STATUS_LABEL[t.status]}${lateness(t, now)} · due ${formatLocal(t.dueAt, viewerTz)} · ${d.assignee.displayName}`;
};

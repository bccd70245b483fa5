import type { TaskStatus } from "./vocabulary.js";

/**
 * The status machine (docs/commands.md#words-and-values) as a table: status → statuses it may move to.
 * `assigned → in_progress → submitted → approved`; `submitted → changes_requested →
 * in_progress → submitted …`; any non-final status → cancelled.
 */
export const TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  assigned: ["in_progress", "cancelled"],
  in_progress: ["submitted", "cancelled"],
  submitted: ["approved", "changes_requested", "cancelled"],
  changes_requested: ["in_progress", "cancelled"],
  approved: [],
  cancelled: [],
};

export const FINAL_STATUSES: readonly TaskStatus[] = ["approved", "cancelled"];
export const OPEN_STATUSES: readonly TaskStatus[] = [
  "assigned",
  "in_progress",
  "submitted",
  "changes_requested",
];

export const isFinal = (status: TaskStatus): boolean => FINAL_STATUSES.includes(status);

export const canMove = (from: TaskStatus, to: TaskStatus): boolean => TRANSITIONS[from].includes(to);

/**
 * The steps from `from` to `to` through the table, shortest first (e.g. submitting an
 * assigned task passes through in_progress), or undefined when `to` cannot be reached
 * in at most two steps.
 */
export const pathTo = (from: TaskStatus, to: TaskStatus): TaskStatus[] | undefined => {
  if (canMove(from, to)) return [to];
  const via = TRANSITIONS[from].find((mid) => canMove(mid, to));
  return via ? [via, to] : undefined;
};

/**
 * Overdue is derived, never stored: due time passed while the work is still with the professional.
 * Submitted work past its due time is waiting on review: the attorney's move, not lateness.
 */
export const isOverdue = (task: { status: TaskStatus; dueAt: Date }, now: Date): boolean =>
  !isFinal(task.status) && task.status !== "submitted" && task.dueAt.getTime() < now.getTime();

/** Submitted, and its due time has passed while it waits for the attorney's review. */
export const isWaitingPastDue = (task: { status: TaskStatus; dueAt: Date }, now: Date): boolean =>
  task.status === "submitted" && task.dueAt.getTime() < now.getTime();

/** What a task's lateness is called in lists and views: " · OVERDUE", " · PAST DUE, WAITING ON REVIEW" or "". */
export const lateness = (task: { status: TaskStatus; dueAt: Date }, now: Date): string =>
  isOverdue(task, now) ? " · OVERDUE" : isWaitingPastDue(task, now) ? " · PAST DUE, WAITING ON REVIEW" : "";

export const STATUS_LABEL: Readonly<Record<TaskStatus, string>> = {
  assigned: "Assigned",
  in_progress: "In progress",
  submitted: "Submitted for review",
  changes_requested: "Changes requested",
  approved: "Approved",
  cancelled: "Cancelled",
};

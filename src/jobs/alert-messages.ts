import { formatLocal } from "../domain/due-time.js";
import { formatMinutes } from "../domain/durations.js";
import { offShiftNote } from "../domain/off-shift.js";
import { STATUS_LABEL } from "../domain/status-machine.js";
import { type PersonSummary, type TaskDetails, taskRef, taskView } from "../views/task-view.js";
import type { View } from "../views/view.js";
import type { AlertAudience } from "./alert-rules.js";

/** "2 hours", "1 day", "90 minutes": how far away a due time is, rounded to what a person reads. */
export const humanSpan = (ms: number): string => {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
  if (minutes < 120) return plural(minutes, "minute");
  const hours = Math.round(minutes / 60);
  return hours < 48 ? plural(hours, "hour") : plural(Math.round(hours / 24), "day");
};

/**
 * The direct message of one alert to one person: what happened, in their local time, then the
 * task itself with the buttons this person may press (Start/Submit, or Approve). Direct
 * messages only go to people allowed to see the task, so they may carry its title.
 */
export const alertView = (
  kind: string,
  audience: AlertAudience,
  d: TaskDetails,
  viewer: PersonSummary & { covering?: readonly string[] },
  now: Date,
  context: { submittedAt?: Date | undefined; ackWithinMinutes?: number | undefined } = {},
): View => {
  const { submittedAt } = context;
  const t = d.task;
  const ref = taskRef(t.number);
  const due = formatLocal(t.dueAt, viewer.tz);
  let lead: string;
  if (kind.startsWith("due_soon_")) {
    lead = `Reminder: ${ref} is due in ${humanSpan(t.dueAt.getTime() - now.getTime())}, at ${due} your time.`;
  } else if (kind === "overdue" && audience === "assignee") {
    lead = `${ref} is overdue: it was due ${due}. Submit it, or tell ${d.supervisor.displayName} when it will be ready.`;
  } else if (kind === "overdue") {
    lead = `${ref}, assigned to ${d.assignee.displayName}, is overdue: it was due ${due} (${STATUS_LABEL[t.status].toLowerCase()}).`;
  } else if (kind === "unacknowledged" || kind === "unacknowledged_admins") {
    const name = d.assignee.displayName;
    const window = context.ackWithinMinutes ? formatMinutes(context.ackWithinMinutes) : "the firm's window";
    lead =
      kind === "unacknowledged"
        ? `${ref} has not been acknowledged: in ${window} of their working time, ${name} has not acknowledged it, started it or asked about it. Check that they have it.`
        : `${ref} is still not acknowledged by ${name}, twice ${window} of their working time after it was assigned. ${d.supervisor.displayName}, who supervises it, was told${t.ackAlertAt ? ` ${formatLocal(t.ackAlertAt, viewer.tz)}` : ""}.`;
    const off = offShiftNote(name, d.assignee, now, viewer.tz);
    if (off) lead += ` ${off}.`;
  } else if (kind === "overdue_admins") {
    lead = `${ref} is still overdue a working day later: due ${due}, assigned to ${d.assignee.displayName}, supervised by ${d.supervisor.displayName}.`;
  } else {
    const since = submittedAt ? formatLocal(submittedAt, viewer.tz) : "more than a working day ago";
    lead = `${ref} has waited more than a working day for your review: ${d.assignee.displayName} submitted it ${since} (round ${t.round}).`;
    // Past its due time, it is waiting on the reviewer, not late work: say whose move it is.
    if (t.dueAt.getTime() < now.getTime())
      lead += ` It is now past its due time (${due}), waiting on your review.`;
  }
  const view = taskView(d, viewer, now);
  const cover = viewer.covering?.includes(t.supervisorId)
    ? [`${d.supervisor.displayName} is away; you cover for them.`]
    : [];
  return {
    ...view,
    tone: kind.startsWith("due_soon_") ? "info" : "warning",
    lines: [lead, ...cover, ...view.lines],
  };
};

/** To admins: a professional's NDA is about to expire (no task, nothing confidential). */
export const ndaExpiringView = (name: string, expires: string, daysLeft: number): View => ({
  tone: "warning",
  title: `NDA expiring: ${name}`,
  lines: [
    `${name}'s NDA with the firm expires on ${expires} (${daysLeft === 0 ? "today" : `in ${daysLeft} day${daysLeft === 1 ? "" : "s"}`}). After that they can see and do nothing in Delegate and their access to matters ends.`,
    `To record a renewal: team set @${name} nda-expires:YYYY-MM-DD`,
  ],
  audience: "private",
});
